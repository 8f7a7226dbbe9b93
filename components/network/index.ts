export * from "./network";
export * from "./zones";
