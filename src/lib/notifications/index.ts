export type { AlertKind, AlertMessage, DeliveryStatus, EnqueueAlertInput } from "./contract";
