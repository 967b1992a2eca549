-- title: Unedited template rows
-- description: Task rows the extractor flagged as unedited FCJ template tasks (diagnostics code template_row joined back to tasks on source_path and source_line = line). First result: per intern, template rows vs all task rows; second: the rows themselves. Both languages (a per-language question: each page's template rows need editing), so tasks here counts rows in every language.

WITH template_tasks AS (
    SELECT t.task_id
    FROM diagnostics d
    JOIN tasks t
        ON t.source_path = d.source_path
       AND t.source_line = d.line
    WHERE d.code = 'template_row'
)
SELECT
    t.intern,
    COUNT(*) AS tasks,
    COUNT(tt.task_id) AS template_rows,
    ROUND(100 * CAST(COUNT(tt.task_id) AS DOUBLE) / CAST(NULLIF(COUNT(*), 0) AS DOUBLE), 2) AS pct_template
FROM tasks t
LEFT JOIN template_tasks tt
    ON tt.task_id = t.task_id
GROUP BY t.intern
HAVING COUNT(tt.task_id) > 0
ORDER BY template_rows DESC, t.intern;

SELECT
    t.intern,
    t.week,
    t.lang,
    t.row_number,
    t.title,
    t.start_date,
    t.source_path,
    t.source_line
FROM diagnostics d
JOIN tasks t
    ON t.source_path = d.source_path
   AND t.source_line = d.line
WHERE d.code = 'template_row'
ORDER BY t.intern, t.week, t.lang, t.row_number, t.source_path;
