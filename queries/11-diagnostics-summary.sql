-- title: Diagnostics summary
-- description: Extraction findings by code and severity, errors first, with how many pages each touches (Lab 40 step: group and count). The second result counts findings per site folder (first path segment). Per page, both languages: each page is fixed on its own.

SELECT
    code,
    severity,
    COUNT(*) AS findings,
    COUNT(DISTINCT source_path) AS pages
FROM diagnostics
GROUP BY code, severity
ORDER BY
    CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 WHEN 'info' THEN 3 ELSE 4 END,
    findings DESC,
    code,
    severity;

SELECT
    SPLIT_PART(source_path, '/', 1) AS site,
    SUM(CASE WHEN severity = 'error' THEN 1 ELSE 0 END) AS errors,
    SUM(CASE WHEN severity = 'warning' THEN 1 ELSE 0 END) AS warnings,
    SUM(CASE WHEN severity = 'info' THEN 1 ELSE 0 END) AS infos,
    COUNT(*) AS findings
FROM diagnostics
GROUP BY SPLIT_PART(source_path, '/', 1)
ORDER BY errors DESC, warnings DESC, site;
