-- title: Time spans per task
-- description: Start date, end date and duration in days of every task row, in page order (Lab 40 step: look at the line items). Missing dates stay NULL.

SELECT
    intern,
    week,
    lang,
    row_number,
    title,
    start_date,
    end_date,
    duration_days
FROM tasks
ORDER BY intern, week, lang, row_number, source_path;
