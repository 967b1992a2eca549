-- title: Tasks with vs without reference material
-- description: Per intern, tasks whose Reference cell holds a URL vs tasks without one, and the share with a URL (Lab 40 step: resources with vs without a cost_center tag). text_only_reference counts tasks with reference text but no URL. The second result is the cohort total. Counts each task once: primary rows only (is_primary, one language per intern and week).

SELECT
    intern,
    COUNT(*) AS tasks,
    SUM(CASE WHEN reference_urls <> '' THEN 1 ELSE 0 END) AS with_reference,
    SUM(CASE WHEN reference_urls = '' THEN 1 ELSE 0 END) AS without_reference,
    SUM(CASE WHEN reference_urls = '' AND reference <> '' THEN 1 ELSE 0 END) AS text_only_reference,
    ROUND(100 * CAST(SUM(CASE WHEN reference_urls <> '' THEN 1 ELSE 0 END) AS DOUBLE) / CAST(NULLIF(COUNT(*), 0) AS DOUBLE), 2) AS pct_with_reference
FROM tasks
WHERE is_primary
GROUP BY intern
ORDER BY intern;

SELECT
    COUNT(DISTINCT intern) AS interns,
    COUNT(*) AS tasks,
    SUM(CASE WHEN reference_urls <> '' THEN 1 ELSE 0 END) AS with_reference,
    SUM(CASE WHEN reference_urls = '' THEN 1 ELSE 0 END) AS without_reference,
    SUM(CASE WHEN reference_urls = '' AND reference <> '' THEN 1 ELSE 0 END) AS text_only_reference,
    ROUND(100 * CAST(SUM(CASE WHEN reference_urls <> '' THEN 1 ELSE 0 END) AS DOUBLE) / CAST(NULLIF(COUNT(*), 0) AS DOUBLE), 2) AS pct_with_reference
FROM tasks
WHERE is_primary;
