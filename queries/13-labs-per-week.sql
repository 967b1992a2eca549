-- title: Labs per week
-- description: For each week and FCJ lab: how many interns and tasks named it, and whether it was named in the Task cell, the Reference cell or both. Counts each task once: primary rows only (is_primary, one language per intern and week).

SELECT
    week,
    lab,
    COUNT(DISTINCT intern) AS interns,
    COUNT(DISTINCT task_id) AS tasks,
    CASE
        WHEN MIN(source) = MAX(source) THEN MIN(source)
        ELSE 'both'
    END AS named_in
FROM task_labs
WHERE is_primary
GROUP BY week, lab
ORDER BY week, lab;
