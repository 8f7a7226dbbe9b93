export * from "./manifests";
export * from "./postgresDb";
export * from "./rules";
