export * from "./common";
export * from "./validation";
export * from "./appManifests";
export * from "./dbManifests";
export * from "./fastApiApp";
export * from "./postgresDb";
