/**
 * The operation workflow's messages (Updates and Queries). Kept apart from domain/operation.ts so the
 * words and types of an operation can be imported by the browser without the Temporal workflow library.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ChangeManifest,
  FlightCustodyEvent,
  FlightEventResult,
  ManifestChangeResult,
  ManifestPage,
  OperationView,
  PlanFlights,
  PlanResult,
  RefreshReadiness,
} from './operation';

export const changeManifestUpdate = defineUpdate<ManifestChangeResult, [ChangeManifest]>('changeManifest');
export const planFlightsUpdate = defineUpdate<PlanResult, [PlanFlights]>('planFlights');
export const recordFlightEventUpdate = defineUpdate<FlightEventResult, [FlightCustodyEvent]>('recordFlightEvent');
export const refreshReadinessUpdate = defineUpdate<{ asOf: string }, [RefreshReadiness]>('refreshReadiness');
export const operationViewQuery = defineQuery<OperationView, [ManifestPage?]>('operationView');
