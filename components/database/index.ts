export * from "./manifests";
export * from "./postgresDb";
