-- title: Topics per week
-- description: How many tasks (and interns) touched each AWS service in each week (Lab 40 step: group and count). Counts each task once: primary rows only (is_primary, one language per intern and week).

SELECT
    week,
    topic,
    category,
    COUNT(DISTINCT task_id) AS tasks,
    COUNT(DISTINCT intern) AS interns
FROM task_topics
WHERE is_primary
GROUP BY week, topic, category
ORDER BY week, tasks DESC, topic, category;
