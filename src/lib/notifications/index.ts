export type { AlertKind, AlertMessage, DeliveryStatus, EnqueueAlertInput } from "./contract";
export { enqueueAlert } from "./outbox/enqueue";
export { deliverDueNotifications, type DeliverySummary } from "./outbox/deliver";
export { deliveryStatusByKey, type AlertDelivery, type ChannelDelivery } from "./outbox/status";
export { runNotificationDelivery } from "./run";
export { assertOrgChannels } from "./channels/assert-org-channels";
export { enabledChannelIds } from "./channels/enabled";
