-- title: Top 10 topics of the cohort
-- description: The ten AWS services named by the most tasks, with how many interns worked on each (Lab 40 step: top-N by sum). Ties are broken by name. Counts each task once: primary rows only (is_primary, one language per intern and week).

SELECT
    topic,
    category,
    COUNT(DISTINCT task_id) AS tasks,
    COUNT(DISTINCT intern) AS interns,
    COUNT(DISTINCT week) AS weeks
FROM task_topics
WHERE is_primary
GROUP BY topic, category
ORDER BY tasks DESC, topic, category
LIMIT 10;
