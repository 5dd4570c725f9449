package io.csms.bus;

/**
 * Addresses served by {@code persistence-verticle} for the OCPP 1.6 feature profiles beyond Core:
 * Reservation, Local Auth List Management, Smart Charging and Firmware Management. The management API
 * sends the CALLs (through {@link OcppAddresses#CALL}) and records here what was asked and what the
 * charger answered. Conventions as {@link PersistenceAddresses}: camelCase keys, ISO-8601 UTC instants,
 * power in W as decimal strings; failures {@link BusFailure#INVALID} (bad shape),
 * {@link BusFailure#NOT_FOUND} (no such charger, user, reservation...), {@link BusFailure#CONFLICT}
 * (contradicts the current state).
 *
 * <p>Entities:
 * <ul>
 *   <li>Reservation {@code {id (the OCPP reservationId), chargerId, chargePointId, connectorId (0: the whole
 *       charger), userId, idTag, expiresAt, status, chargerAnswer|null, transactionId|null, endedAt|null,
 *       endReason|null, createdAt}}. Status: REQUESTED (stored, ReserveNow not answered yet) -> ACTIVE
 *       (Accepted) | REJECTED (any other answer, or no answer); ACTIVE -> USED (a StartTransaction carried its
 *       id) | EXPIRED (expiry passed) | CANCELLED (CancelReservation accepted, or its connector went Faulted
 *       or Unavailable).</li>
 *   <li>LocalListEntry, as OCPP's AuthorizationData: {@code {idTag, idTagInfo?: {status, expiryDate?,
 *       parentIdTag?}}} (no idTagInfo: remove the idTag, in a Differential update only).</li>
 *   <li>LocalListState {@code {chargerId, chargePointId, listVersion (last accepted by the charger, 0: never),
 *       reportedVersion|null, reportedAt|null, lastUpdateType|null, lastAnswer|null, lastSentAt|null,
 *       entries: int (held by the charger), pendingChanges: int, behind: boolean}}. The wanted list has one
 *       entry per user with an RFID card: Blocked when the user is inactive, Expired when the card has
 *       expired, else Accepted. behind: pendingChanges > 0, or the charger reported another version.</li>
 *   <li>ChargingProfile {@code {id, chargerId, chargePointId, connectorId, chargingProfileId, stackLevel,
 *       purpose, transactionId|null, profile (OCPP csChargingProfiles, as sent), source: OPERATOR|STATION_LIMIT,
 *       status: REQUESTED|ACTIVE|REJECTED|REPLACED|CLEARED, chargerAnswer|null, createdAt, updatedAt}}.</li>
 *   <li>FirmwareFile {@code {id, name, sizeBytes, sha256, storedName, createdAt}}.</li>
 *   <li>Rollout {@code {id, firmwareFileId|null, location, retrieveDate, retries|null, retryInterval|null,
 *       createdAt}}; RolloutTarget {@code {chargerId, chargePointId, answer|null (Answered, or NotConnected,
 *       Timeout, CallError, NotSent), latestStatus|null, statusAt|null}}.</li>
 *   <li>DiagnosticsRequest {@code {id, chargerId, chargePointId, uploadToken, location, startTime, stopTime,
 *       retries, retryInterval, answer, fileName (announced by the charger), latestStatus, statusAt,
 *       uploadedName, uploadedBytes, storedName, uploadedAt, createdAt}}.</li>
 * </ul>
 */
public final class ProfileStoreAddresses {
  private static final String PREFIX = "csms.profiles.v1.";

  // ---- reservation ---------------------------------------------------------------------------------

  /**
   * Store a reservation before ReserveNow is sent. The idTag is the user's RFID card.
   * Request {@code {chargerId: long, connectorId: int >= 0, userId: long, expiresAt}}.
   * Reply {@code {reservation}} in status REQUESTED. Failures: {@link BusFailure#NOT_FOUND} no such charger
   * or user; {@link BusFailure#CONFLICT} the user has no RFID card or is blocked, the expiry is not in the
   * future, or the connector already has a REQUESTED or ACTIVE reservation.
   */
  public static final String RESERVATION_CREATE = PREFIX + "reservation.create";

  /**
   * The charger's answer to ReserveNow. Request {@code {reservationId, answer}} where answer is the
   * ReserveNow status (Accepted, Faulted, Occupied, Rejected, Unavailable) or, when no CALLRESULT came,
   * a word for what happened (CallError, Timeout, NotConnected). Accepted makes a REQUESTED reservation
   * ACTIVE, anything else REJECTED. Reply {@code {reservation}}. {@link BusFailure#NOT_FOUND}.
   */
  public static final String RESERVATION_ANSWERED = PREFIX + "reservation.answered";

  /**
   * End an ACTIVE (or REQUESTED) reservation as CANCELLED. Request {@code {reservationId, reason}}.
   * Reply {@code {reservation, changed: boolean}} (false: it had already ended; nothing changed).
   * {@link BusFailure#NOT_FOUND}.
   */
  public static final String RESERVATION_CANCEL = PREFIX + "reservation.cancel";

  /** Request {@code {reservationId}}. Reply {@code {reservation}}. {@link BusFailure#NOT_FOUND}. */
  public static final String RESERVATION_GET = PREFIX + "reservation.get";

  /**
   * Request {@code {chargerId?, userId?, status?, limit? (1..500, default 100)}}. Reply
   * {@code {data: [Reservation]}}, newest first.
   */
  public static final String RESERVATION_LIST = PREFIX + "reservation.list";

  /**
   * The reservation scan, also run every 30 s by the store: reservations a transaction carries become USED
   * (a missed {@link EventAddresses#TRANSACTION_STARTED}), then ACTIVE or REQUESTED ones whose expiry is at
   * or before {@code now} become EXPIRED. Request {@code {now?}} (default: the clock). Reply
   * {@code {used: [id], expired: [id]}}. Rows are claimed with SKIP LOCKED: any node may scan.
   */
  public static final String RESERVATION_SCAN = PREFIX + "reservation.scan";

  /**
   * Event (published, no reply) after a reservation ended is committed: {@code {reservationId,
   * chargePointId, connectorId, status: USED|EXPIRED|CANCELLED, reason|null}}.
   */
  public static final String RESERVATION_ENDED = PREFIX + "events.reservation.ended";

  // ---- local auth list -----------------------------------------------------------------------------

  /** Request {@code {chargerId}}. Reply LocalListState. {@link BusFailure#NOT_FOUND} no such charger. */
  public static final String LOCAL_LIST_STATE = PREFIX + "local-list.state";

  /**
   * The SendLocalList payload that brings the charger up to date (read only).
   * Request {@code {chargerId, updateType: "Full"|"Differential"}}. Reply {@code {chargePointId,
   * payload: {listVersion, updateType, localAuthorizationList: [LocalListEntry]}, changes: int}}: Full holds
   * every wanted entry, Differential only the changed, added and removed ones; listVersion is the stored
   * version + 1. {@link BusFailure#NOT_FOUND}.
   */
  public static final String LOCAL_LIST_PLAN = PREFIX + "local-list.plan";

  /**
   * The charger's answer to a SendLocalList built by {@link #LOCAL_LIST_PLAN}.
   * Request {@code {chargerId, answer (the SendLocalList status, or what happened instead), payload (the
   * SendLocalList sent)}}. Accepted applies the payload to the stored list and version (once: a version not
   * newer than the stored one changes nothing); any answer is kept as lastAnswer. Reply LocalListState.
   */
  public static final String LOCAL_LIST_ANSWERED = PREFIX + "local-list.answered";

  /** GetLocalListVersion's answer. Request {@code {chargerId, listVersion: int}}. Reply LocalListState. */
  public static final String LOCAL_LIST_REPORTED = PREFIX + "local-list.reported";

  // ---- smart charging ------------------------------------------------------------------------------

  /**
   * Store a profile before SetChargingProfile is sent. Request {@code {chargerId? | chargePointId?,
   * connectorId, profile: csChargingProfiles, source?: OPERATOR (default)|STATION_LIMIT}}; a profile without
   * chargingProfileId gets the row id. Reply {@code {chargingProfile, payload}} where payload is the
   * SetChargingProfile request to send. {@link BusFailure#NOT_FOUND} no such charger.
   */
  public static final String CHARGING_PROFILE_CREATE = PREFIX + "charging-profile.create";

  /**
   * SetChargingProfile's answer. Request {@code {id, answer}}: Accepted makes the row ACTIVE and the
   * charger's older ACTIVE profiles it replaces REPLACED; anything else REJECTED. Reply {@code {chargingProfile}}.
   */
  public static final String CHARGING_PROFILE_ANSWERED = PREFIX + "charging-profile.answered";

  /**
   * An accepted ClearChargingProfile. Request {@code {chargerId, id?: chargingProfileId, connectorId?,
   * purpose?, stackLevel?}} (the ClearChargingProfile criteria). The charger's ACTIVE profiles that match
   * every given criterion become CLEARED. Reply {@code {cleared: int}}.
   */
  public static final String CHARGING_PROFILE_CLEARED = PREFIX + "charging-profile.cleared";

  /**
   * Request {@code {chargerId, status?}}. Reply {@code {data: [ChargingProfile]}}, newest first (at most 500).
   */
  public static final String CHARGING_PROFILE_LIST = PREFIX + "charging-profile.list";

  /**
   * The station power split of a charger's station (read only). Request {@code {chargePointId}} or
   * {@code {stationId}}. Reply {@code {stationId|null, powerLimitW: decimal string|null, sessions:
   * [{transactionId, chargePointId, connectorId}]}}: the RUNNING sessions on the station's chargers, oldest
   * first (none when the charger has no station or the station no limit).
   */
  public static final String STATION_POWER_SESSIONS = PREFIX + "station.power-sessions";

  /**
   * Event (published by each OCPP verticle holding some of the station's charging sessions, no reply) after
   * the station's power limit has been split again and those chargers have answered (sessions: that node's): {@code {stationId, powerLimitW, shareW: decimal string,
   * sessions: [{transactionId, chargePointId, connectorId, answer}]}}.
   */
  public static final String STATION_POWER_SPLIT = PREFIX + "events.station.power-split";

  /**
   * Ask the OCPP verticles (published, no reply) to split a station's power limit again now, e.g. after the
   * limit changed: {@code {stationId}}.
   */
  public static final String STATION_POWER_REBALANCE = PREFIX + "station.power-rebalance";

  // ---- firmware management -------------------------------------------------------------------------

  /**
   * A firmware image has been written to the node's data directory. Request {@code {name, sizeBytes,
   * sha256, storedName}}. Reply {@code {firmwareFile}}.
   */
  public static final String FIRMWARE_FILE_CREATE = PREFIX + "firmware-file.create";

  /** Request {@code {id}}. Reply {@code {firmwareFile}}. {@link BusFailure#NOT_FOUND}. */
  public static final String FIRMWARE_FILE_GET = PREFIX + "firmware-file.get";

  /** Request {@code {}}. Reply {@code {data: [FirmwareFile]}}, newest first. */
  public static final String FIRMWARE_FILE_LIST = PREFIX + "firmware-file.list";

  /**
   * Store a rollout before UpdateFirmware is sent. Request {@code {chargerIds: [long] (1..500, distinct),
   * location, retrieveDate, retries?, retryInterval?, firmwareFileId?}}. Reply {@code {rollout,
   * targets: [RolloutTarget]}}. {@link BusFailure#NOT_FOUND} when a charger or the file does not exist
   * (nothing stored).
   */
  public static final String FIRMWARE_ROLLOUT_CREATE = PREFIX + "firmware-rollout.create";

  /** One target's answer. Request {@code {rolloutId, chargerId, answer}}. Reply {@code {}}. */
  public static final String FIRMWARE_ROLLOUT_ANSWERED = PREFIX + "firmware-rollout.answered";

  /**
   * Request {@code {rolloutId}}. Reply {@code {rollout, targets: [RolloutTarget], history: [{chargerId,
   * chargePointId, status, receivedAt}]}} (history oldest first). {@link BusFailure#NOT_FOUND}.
   */
  public static final String FIRMWARE_ROLLOUT_GET = PREFIX + "firmware-rollout.get";

  /**
   * A FirmwareStatusNotification. Request {@code {chargePointId, status, receivedAt}}. Stored in the
   * charger's history and, when the charger answered a rollout, as that rollout's latest status for it (the
   * newest such rollout). Reply {@code {rolloutId: long|null}}. {@link BusFailure#NOT_FOUND} unknown charger.
   */
  public static final String FIRMWARE_STATUS = PREFIX + "firmware.status";

  /**
   * Request {@code {chargerId, limit? (1..500, default 100)}}. Reply {@code {data: [{status, receivedAt,
   * rolloutId}]}}, newest first.
   */
  public static final String FIRMWARE_HISTORY = PREFIX + "firmware.history";

  /**
   * Store a GetDiagnostics request before it is sent; the store makes the upload token. Request
   * {@code {chargerId, uploadBaseUrl (the location is uploadBaseUrl + "/" + token), startTime?, stopTime?,
   * retries?, retryInterval?}}. Reply {@code {diagnostics: DiagnosticsRequest}}. {@link BusFailure#NOT_FOUND}.
   */
  public static final String DIAGNOSTICS_CREATE = PREFIX + "diagnostics.create";

  /** GetDiagnostics' answer. Request {@code {id, answer, fileName?}}. Reply {@code {diagnostics}}. */
  public static final String DIAGNOSTICS_ANSWERED = PREFIX + "diagnostics.answered";

  /**
   * A charger uploaded its diagnostics to the node. Request {@code {uploadToken, uploadedName, uploadedBytes,
   * storedName}}. Reply {@code {diagnostics}}. {@link BusFailure#NOT_FOUND} for a token no request has.
   */
  public static final String DIAGNOSTICS_UPLOADED = PREFIX + "diagnostics.uploaded";

  /** Is this upload token a request's? Request {@code {uploadToken}}. Reply {@code {diagnostics}} or NOT_FOUND. */
  public static final String DIAGNOSTICS_BY_TOKEN = PREFIX + "diagnostics.by-token";

  /**
   * A DiagnosticsStatusNotification. Request {@code {chargePointId, status, receivedAt}}; linked to the
   * charger's newest request. Reply {@code {requestId: long|null}}. {@link BusFailure#NOT_FOUND}.
   */
  public static final String DIAGNOSTICS_STATUS = PREFIX + "diagnostics.status";

  /**
   * Request {@code {chargerId}}. Reply {@code {requests: [DiagnosticsRequest], history: [{status, receivedAt,
   * requestId}]}}, newest first (at most 100 each).
   */
  public static final String DIAGNOSTICS_HISTORY = PREFIX + "diagnostics.history";

  private ProfileStoreAddresses() {
  }
}
