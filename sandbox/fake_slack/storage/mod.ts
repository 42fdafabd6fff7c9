/** The fake's storage: the only code that knows its Deno KV keys (sandbox/structure_test.ts). */
export { Store } from "./store.ts";
export {
  Records,
  type SandboxSetting,
  type SimulatorRecords,
  type StoredRun,
  type Team,
} from "./records.ts";
export {
  DatastoreTable,
  type DatastoreTableOptions,
  type Item,
  scanPosition,
} from "./datastore_table.ts";
