# Scenario-file checks (schema, loader corpus). Included from CMakeLists.txt.
