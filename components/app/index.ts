export * from "./manifests";
export * from "./appNamespace";
export * from "./fastApiApp";
export * from "./scaling";
