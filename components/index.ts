/**
 * The components, by concern; each folder matches its type tokens' module
 * (`fastapi-eks:<module>:<Name>`). Imports go downward only: app/ and
 * database/ use shared/ alone; cluster/ uses network/, addons/ and shared/.
 */
export * from "./shared";
export * from "./app";
export * from "./database";
export * from "./network";
export * from "./addons";
export * from "./cluster";
