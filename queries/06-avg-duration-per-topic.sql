-- title: Average duration per topic
-- description: Average, minimum and maximum task duration in days for each AWS service (Lab 40 step: averages per group). dated_tasks counts the tasks that have a duration (a list task dated only by its week has none). Counts each task once: primary rows only (is_primary, one language per intern and week).

SELECT
    tt.topic,
    tt.category,
    COUNT(*) AS tasks,
    COUNT(t.duration_days) AS dated_tasks,
    ROUND(CAST(AVG(t.duration_days) AS DOUBLE), 2) AS avg_duration_days,
    MIN(t.duration_days) AS min_duration_days,
    MAX(t.duration_days) AS max_duration_days
FROM task_topics tt
JOIN tasks t
    ON t.task_id = tt.task_id
   AND t.week = tt.week
WHERE tt.is_primary
GROUP BY tt.topic, tt.category
ORDER BY avg_duration_days DESC NULLS LAST, tt.topic, tt.category;
