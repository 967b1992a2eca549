-- title: Time spans per task
-- description: Start date, end date and duration in days of every task row, in page order (Lab 40 step: look at the line items). Missing dates stay NULL; date_precision says whether the dates are the task's own (day) or its week's range (week, list pages). Counts each task once: primary rows only (is_primary, one language per intern and week).

SELECT
    intern,
    week,
    lang,
    row_number,
    title,
    start_date,
    end_date,
    duration_days,
    date_precision
FROM tasks
WHERE is_primary
ORDER BY intern, week, lang, row_number, source_path;
