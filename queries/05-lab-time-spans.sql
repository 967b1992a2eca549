-- title: Time spans per lab
-- description: For each intern and lab: the tasks naming it, the first start date, the last end date and the calendar days spanned (last end - first start + 1; NULL when a date is missing). Counts each task once: primary rows only (is_primary, one language per intern and week).

SELECT
    l.intern,
    l.lab,
    COUNT(DISTINCT l.task_id) AS tasks,
    MIN(t.start_date) AS first_start,
    MAX(t.end_date) AS last_end,
    EXTRACT(DAY FROM CAST(MAX(t.end_date) AS TIMESTAMP) - CAST(MIN(t.start_date) AS TIMESTAMP)) + 1 AS days_spanned
FROM task_labs l
JOIN tasks t
    ON t.task_id = l.task_id
   AND t.week = l.week
WHERE l.is_primary
GROUP BY l.intern, l.lab
ORDER BY l.intern, l.lab;
