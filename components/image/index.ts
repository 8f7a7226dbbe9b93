export * from "./appImage";
export * from "./source";
