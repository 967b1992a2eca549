-- title: Distinct values
-- description: The distinct interns, weeks and page languages in the dataset, with how many weekly pages and task rows each has (Lab 40 step: list distinct values to learn the data). Week 0 means the page names no week. Shows both counts: task_rows in every language, tasks = primary rows only (each task once on a bilingual site).

SELECT
    intern,
    COUNT(*) AS pages,
    COUNT(DISTINCT week) AS weeks,
    SUM(task_count) AS task_rows,
    SUM(CASE WHEN is_primary THEN task_count ELSE 0 END) AS tasks
FROM pages
GROUP BY intern
ORDER BY intern;

SELECT
    week,
    COUNT(DISTINCT intern) AS interns,
    COUNT(*) AS pages,
    SUM(task_count) AS task_rows,
    SUM(CASE WHEN is_primary THEN task_count ELSE 0 END) AS tasks
FROM pages
GROUP BY week
ORDER BY week;

SELECT
    lang,
    COUNT(DISTINCT intern) AS interns,
    COUNT(*) AS pages,
    SUM(task_count) AS task_rows,
    SUM(CASE WHEN is_primary THEN task_count ELSE 0 END) AS tasks
FROM pages
GROUP BY lang
ORDER BY lang;
