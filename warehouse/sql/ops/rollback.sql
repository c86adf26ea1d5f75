-- Undo the open transaction (a step inside it failed).
ROLLBACK;
