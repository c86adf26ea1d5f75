-- The code tables generated from pipelines/template.py (registered as <table>_df).
INSERT INTO labels SELECT * FROM labels_df;
INSERT INTO outcome_items SELECT * FROM outcome_items_df;
INSERT INTO unit_kinds SELECT * FROM unit_kinds_df;
INSERT INTO rules SELECT * FROM rules_df;
INSERT INTO cell_states SELECT * FROM cell_states_df;
INSERT INTO reject_reasons SELECT * FROM reject_reasons_df;
INSERT INTO issue_types SELECT * FROM issue_types_df;
