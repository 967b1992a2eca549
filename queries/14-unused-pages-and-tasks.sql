-- title: Unused pages and unclassified tasks
-- description: Lab 40's "unused reservations", for worklogs. First result: weekly pages that hold no task rows. Second: per intern, task rows that name neither an AWS service nor a lab (nothing to classify them by). Pages in both languages (each page is written on its own); tasks: primary rows only (each task once).

SELECT
    intern,
    week,
    lang,
    title,
    page_date,
    source_path
FROM pages
WHERE task_count = 0
ORDER BY intern, week, lang, source_path;

WITH classified AS (
    SELECT task_id FROM task_topics
    UNION
    SELECT task_id FROM task_labs
)
SELECT
    t.intern,
    COUNT(*) AS tasks,
    SUM(CASE WHEN c.task_id IS NULL THEN 1 ELSE 0 END) AS unclassified_tasks,
    ROUND(100 * CAST(SUM(CASE WHEN c.task_id IS NULL THEN 1 ELSE 0 END) AS DOUBLE) / CAST(NULLIF(COUNT(*), 0) AS DOUBLE), 2) AS pct_unclassified
FROM tasks t
LEFT JOIN classified c
    ON c.task_id = t.task_id
WHERE t.is_primary
GROUP BY t.intern
ORDER BY t.intern;
