-- title: Gaps: missing weeks and undated tasks
-- description: First result: weeks between an intern's first and last week with tasks where the intern logged no task (gap_kind says whether a page exists for that week); week 0 (no week number) is left out. Second result: task rows missing a start or end date, primary rows only (one language per intern and week).

WITH digits AS (
    SELECT n FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d (n)
),
week_numbers AS (
    -- weeks 0..99, generated portably (no generate_series / sequence / recursion)
    SELECT tens.n * 10 + ones.n AS week
    FROM digits tens
    CROSS JOIN digits ones
),
task_weeks AS (
    SELECT DISTINCT intern, week
    FROM tasks
    WHERE week > 0
),
page_weeks AS (
    SELECT DISTINCT intern, week
    FROM pages
    WHERE week > 0
),
bounds AS (
    SELECT intern, MIN(week) AS first_week, MAX(week) AS last_week
    FROM task_weeks
    GROUP BY intern
)
SELECT
    b.intern,
    w.week,
    b.first_week,
    b.last_week,
    CASE WHEN p.intern IS NULL THEN 'no page' ELSE 'page without tasks' END AS gap_kind
FROM bounds b
JOIN week_numbers w
    ON w.week BETWEEN b.first_week AND b.last_week
LEFT JOIN task_weeks t
    ON t.intern = b.intern
   AND t.week = w.week
LEFT JOIN page_weeks p
    ON p.intern = b.intern
   AND p.week = w.week
WHERE t.intern IS NULL
ORDER BY b.intern, w.week;

SELECT
    intern,
    week,
    lang,
    row_number,
    title,
    day,
    start_date,
    end_date,
    CASE
        WHEN start_date IS NULL AND end_date IS NULL THEN 'no dates'
        WHEN start_date IS NULL THEN 'no start date'
        ELSE 'no end date'
    END AS missing,
    source_path,
    source_line
FROM tasks
WHERE is_primary
  AND (start_date IS NULL OR end_date IS NULL)
ORDER BY intern, week, lang, row_number, source_path;
