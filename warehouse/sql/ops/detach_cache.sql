DETACH cache;
