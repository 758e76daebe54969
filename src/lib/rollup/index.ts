export { CUBE_MEASURES, CUBES, cubeNamed, ROLLUP_VERSION, type Cube, type CubeName, type FactColumn } from "./cubes";
export { refreshUsageRollup, refreshRollupSchema, type RollupRefresh } from "./refresh";
export { cubeDeltaCtes, DELTA_COLUMNS, deleteEmptiedRows, rollupLockSql } from "./deltas";
