export * from "./auroraDb";
export * from "./manifests";
export * from "./rules";
export * from "./scripts";
