export * from "./alarms";
export * from "./alarmTopic";
export * from "./containerInsights";
