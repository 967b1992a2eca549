-- title: Labs completed per intern
-- description: Distinct FCJ labs each intern's tasks name, how many tasks name a lab, and the first and last task date among them (task_labs JOIN tasks). Counts each task once: primary rows only (is_primary, one language per intern and week).

SELECT
    l.intern,
    COUNT(DISTINCT l.lab) AS labs,
    COUNT(DISTINCT l.task_id) AS lab_tasks,
    MIN(t.start_date) AS first_date,
    MAX(COALESCE(t.end_date, t.start_date)) AS last_date
FROM task_labs l
JOIN tasks t
    ON t.task_id = l.task_id
   AND t.week = l.week
WHERE l.is_primary
GROUP BY l.intern
ORDER BY labs DESC, l.intern;
