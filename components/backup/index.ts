export * from "./dbBackup";
export * from "./manifests";
export * from "./policies";
export * from "./rules";
export * from "./scripts";
export { NONCURRENT_DAYS } from "./bucket";
