-- Cross-year rules, computed where both years of a unit are loaded (scope = warehouse).

-- year_continuity: carried_over of year N = carried_forward of year N-1, per applicant column.
INSERT INTO checks
SELECT cur.unit_id, cur.year, 'year_continuity',
       coalesce(cur.value, 0) = coalesce(prev.value, 0),
       'requests.carried_over.' || cur.applicant, prev.value, cur.value, 'warehouse'
FROM requests cur
JOIN requests prev ON prev.unit_id = cur.unit_id AND prev.year = cur.year - 1
                  AND prev.applicant = cur.applicant AND prev.item = 'carried_forward'
WHERE cur.item = 'carried_over' AND (cur.value IS NOT NULL OR prev.value IS NOT NULL);

-- in_force_continuity (template 2021): in_force(N) = in_force(N-1) + issued(N) - repealed(N).
INSERT INTO checks
SELECT cur.unit_id, cur.year, 'in_force_continuity',
       abs(prev.value + coalesce(iss.value, 0) - coalesce(rep.value, 0) - cur.value) < 1e-9,
       'proactive.' || cur.item || '.in_force',
       prev.value + coalesce(iss.value, 0) - coalesce(rep.value, 0), cur.value, 'warehouse'
FROM proactive cur
JOIN proactive prev ON prev.unit_id = cur.unit_id AND prev.year = cur.year - 1
                   AND prev.item = cur.item AND prev.measure = 'in_force'
LEFT JOIN proactive iss ON iss.unit_id = cur.unit_id AND iss.year = cur.year AND iss.item = cur.item AND iss.measure = 'issued'
LEFT JOIN proactive rep ON rep.unit_id = cur.unit_id AND rep.year = cur.year AND rep.item = cur.item AND rep.measure = 'repealed'
WHERE cur.measure = 'in_force' AND cur.item IN ('regulations', 'normative_documents')
  AND cur.value IS NOT NULL AND prev.value IS NOT NULL;

UPDATE reports SET status = 'failed_checks'
WHERE EXISTS (SELECT 1 FROM checks c WHERE c.unit_id = reports.unit_id AND c.year = reports.year AND NOT c.passed);
