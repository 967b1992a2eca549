-- title: Week-by-week cohort progress
-- description: Per week: interns with a weekly page, interns with tasks, task rows, distinct labs named, labs named for the first time in the cohort, and the running total of distinct labs. Counts each task once: primary rows only (is_primary, one language per intern and week).

WITH page_weeks AS (
    SELECT week, COUNT(DISTINCT intern) AS interns_with_page, COUNT(*) AS pages
    FROM pages
    GROUP BY week
),
task_weeks AS (
    SELECT week, COUNT(DISTINCT intern) AS interns_active, COUNT(*) AS tasks
    FROM tasks
    WHERE is_primary
    GROUP BY week
),
lab_weeks AS (
    SELECT week, COUNT(DISTINCT lab) AS labs
    FROM task_labs
    WHERE is_primary
    GROUP BY week
),
lab_first_week AS (
    SELECT lab, MIN(week) AS week
    FROM task_labs
    WHERE is_primary
    GROUP BY lab
),
new_lab_weeks AS (
    SELECT week, COUNT(*) AS new_labs
    FROM lab_first_week
    GROUP BY week
),
weeks AS (
    SELECT week FROM pages
    UNION
    SELECT week FROM tasks
)
SELECT
    w.week,
    COALESCE(p.interns_with_page, 0) AS interns_with_page,
    COALESCE(t.interns_active, 0) AS interns_active,
    COALESCE(t.tasks, 0) AS tasks,
    COALESCE(l.labs, 0) AS labs,
    COALESCE(n.new_labs, 0) AS new_labs,
    SUM(COALESCE(n.new_labs, 0)) OVER (ORDER BY w.week ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_labs
FROM weeks w
LEFT JOIN page_weeks p ON p.week = w.week
LEFT JOIN task_weeks t ON t.week = w.week
LEFT JOIN lab_weeks l ON l.week = w.week
LEFT JOIN new_lab_weeks n ON n.week = w.week
ORDER BY w.week;
