-- title: Topics per week
-- description: How many tasks (and interns) touched each AWS service in each week (Lab 40 step: group and count). A bilingual site's en and vi rows count as separate tasks.

SELECT
    week,
    topic,
    category,
    COUNT(DISTINCT task_id) AS tasks,
    COUNT(DISTINCT intern) AS interns
FROM task_topics
GROUP BY week, topic, category
ORDER BY week, tasks DESC, topic, category;
