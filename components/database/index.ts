export * from "./manifests";
export * from "./postgresDb";
export * from "./rules";
export * from "./scripts";
