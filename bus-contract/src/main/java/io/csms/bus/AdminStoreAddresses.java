package io.csms.bus;

/**
 * Addresses served by {@code persistence-verticle} for the management API: reads and writes an operator
 * or a driver makes through REST. Shapes follow the package conventions (camelCase keys, decimal strings
 * for money, energy and power, ISO-8601 UTC instants); {@code id}s are the database ids.
 *
 * <p>Common shapes:
 * <ul>
 *   <li>Page request: {@code page} (from 1, default 1) and {@code limit} (default 10); page replies are
 *       {@code {data: [...], total}}.</li>
 *   <li>Partial updates: only the keys present are changed; a key present with {@code null} clears it.</li>
 *   <li>Failures: {@link BusFailure#NOT_FOUND} when the named entity does not exist,
 *       {@link BusFailure#CONFLICT} for a duplicate (charge point id, RFID tag, email, connector) or a
 *       delete that history still references, {@link BusFailure#INVALID} for values the database refuses
 *       (an unknown referenced tariff or station, a value out of range).</li>
 * </ul>
 *
 * <p>Entities:
 * <ul>
 *   <li>Station {@code {id, name, latitude, longitude (numbers), address, city, state, zipCode, country,
 *       powerLimitW, tariffId, _chargerCount, createdAt, updatedAt}}.</li>
 *   <li>Connector {@code {id, connectorId, status, errorCode, info, statusAt, connectorType, maxPowerW}}.</li>
 *   <li>Charger {@code {id, chargePointId, stationId, name, vendor, model, serialNumber, firmwareVersion,
 *       latestStatus, errorCode, connectionStatus ("ONLINE"|"OFFLINE" as last recorded), connectedNode,
 *       lastHeartbeatAt, lastSeenAt, lastBootAt, tariffId, station: {id, name, address}|null,
 *       connectors: [Connector], createdAt, updatedAt}}.</li>
 *   <li>Tariff {@code {id, name, pricePerKwh, sessionFee, currency, isDefault, active, chargerIds: [long],
 *       stationIds: [long], createdAt, updatedAt}}.</li>
 *   <li>Transaction {@code {id, chargerId, chargePointId, connectorId, userId, idTag, status, startTime,
 *       stopTime, meterStartWh, meterStopWh, energyWh, energyKwh, amount, currency, stopReason,
 *       stopSource, tariffId, billingAttempts, billingLastError, billedAt}}.</li>
 *   <li>User {@code {id, externalSubject, name, email, phone, rfidIdTag, role, isActive,
 *       wallet: {id, balance, currency}|null, createdAt, updatedAt}}.</li>
 *   <li>VehicleProfile {@code {id, userId, make, model, year, batteryCapacityKwh, connectorType,
 *       createdAt, updatedAt}}.</li>
 * </ul>
 */
public final class AdminStoreAddresses {
  private static final String PREFIX = "csms.admin.v1.";

  /** Is the database reachable? Request {@code {}}. Reply {@code {}}; {@link BusFailure#UNAVAILABLE} if not. */
  public static final String PING = PREFIX + "ping";

  // ---- stations ------------------------------------------------------------------------------------

  /** Request {@code {page, limit, search?}} (search: part of name or address). Reply a page of Station. */
  public static final String STATION_LIST = PREFIX + "station.list";
  /** Request {@code {id}}. Reply {@code {station, chargers: [Charger]}}. */
  public static final String STATION_GET = PREFIX + "station.get";
  /** Request the Station fields ({@code name} required). Reply {@code {station}}. */
  public static final String STATION_CREATE = PREFIX + "station.create";
  /** Request {@code {id, ...fields}}. Reply {@code {station}}. */
  public static final String STATION_UPDATE = PREFIX + "station.update";
  /** Request {@code {id}}. Reply {@code {}}; the station's chargers stay, without a station. */
  public static final String STATION_DELETE = PREFIX + "station.delete";

  // ---- chargers and connectors -----------------------------------------------------------------------

  /**
   * Request {@code {page, limit, status?, stationId?, search?}} (search: part of charge point id, name
   * or serial number). Reply a page of Charger.
   */
  public static final String CHARGER_LIST = PREFIX + "charger.list";
  /**
   * Request {@code {id}} or {@code {chargePointId}}. Reply {@code {charger, currentTransaction:
   * {transactionId}|null}}.
   */
  public static final String CHARGER_GET = PREFIX + "charger.get";
  /**
   * Request {@code {chargePointId, stationId?, name?, vendor?, model?, serialNumber?, tariffId?,
   * connectors?: [{connectorId, connectorType?, maxPowerW?}]}}. Reply {@code {charger}}.
   */
  public static final String CHARGER_CREATE = PREFIX + "charger.create";
  /** Request {@code {id, ...fields}} (not the charge point id). Reply {@code {charger}}. */
  public static final String CHARGER_UPDATE = PREFIX + "charger.update";
  /** Request {@code {id}}. Reply {@code {}}; CONFLICT while transactions reference the charger. */
  public static final String CHARGER_DELETE = PREFIX + "charger.delete";
  /** Request {@code {chargerId}}. Reply {@code {data: [Connector]}}. */
  public static final String CONNECTOR_LIST = PREFIX + "connector.list";
  /** Request {@code {chargerId, connectorId, connectorType?, maxPowerW?}}. Reply {@code {connector}}. */
  public static final String CONNECTOR_CREATE = PREFIX + "connector.create";
  /** Request {@code {chargerId, connectorId, connectorType?, maxPowerW?}}. Reply {@code {connector}}. */
  public static final String CONNECTOR_UPDATE = PREFIX + "connector.update";
  /** Request {@code {chargerId, connectorId}}. Reply {@code {}}. */
  public static final String CONNECTOR_DELETE = PREFIX + "connector.delete";

  // ---- tariffs -------------------------------------------------------------------------------------

  /** Request {@code {page, limit}}. Reply a page of Tariff. */
  public static final String TARIFF_LIST = PREFIX + "tariff.list";
  /** Request {@code {id}}. Reply {@code {tariff}}. */
  public static final String TARIFF_GET = PREFIX + "tariff.get";
  /**
   * Request {@code {name, pricePerKwh, sessionFee?, currency?, isDefault?, active?, chargerIds?,
   * stationIds?}}: the ids assign the tariff to those chargers and stations; {@code isDefault} makes it the
   * default (the former default stops being one). Reply {@code {tariff}}.
   */
  public static final String TARIFF_CREATE = PREFIX + "tariff.create";
  /** Request {@code {id, ...fields}} (ids listed are assigned in addition). Reply {@code {tariff}}. */
  public static final String TARIFF_UPDATE = PREFIX + "tariff.update";
  /** Request {@code {id}}. Reply {@code {}}; chargers, stations and transactions lose the reference. */
  public static final String TARIFF_DELETE = PREFIX + "tariff.delete";

  // ---- transactions, meter values, OCPP log ----------------------------------------------------------

  /**
   * Request {@code {page, limit (up to 100000), status?, userId?, chargerId?, startDate?, endDate?,
   * summary?: boolean}} (start time within [startDate, endDate)). Reply {@code {data: [Transaction], total,
   * summary: {totalTransactions, running, completed, billingFailed, totalEnergyKwh, totalAmount}}}, newest
   * first; the summary covers every match, not only the page. {@code summary: false} (default true)
   * replies {@code {data}} only, for exports that read page after page.
   */
  public static final String TRANSACTION_LIST = PREFIX + "transaction.list";
  /** Request {@code {id}}. Reply {@code {transaction}}. */
  public static final String TRANSACTION_GET = PREFIX + "transaction.get";
  /**
   * Request {@code {id}}. Reply {@code {transactionId, meterValues: [{sampledAt, measurand, phase, unit,
   * context, location, value, rawValue, normalizedValue, normalizedUnit}], chartData: [{timestamp,
   * energyKwh (since the start), powerKw}]}}, oldest first.
   */
  public static final String TRANSACTION_METER_VALUES = PREFIX + "transaction.meter-values";
  /**
   * Request {@code {page, limit, chargePointId?, action?, direction?, startDate?, endDate?}}. Reply a
   * page of {@code {id, chargePointId, direction, messageType, action, messageId, payload, timestamp}},
   * newest first.
   */
  public static final String LOG_LIST = PREFIX + "log.list";

  // ---- users, wallets, vehicles ----------------------------------------------------------------------

  /**
   * The user a token subject names, created with an empty wallet when it does not exist yet (role USER).
   * Request {@code {subject}}. Reply {@code {userId, created: boolean, role: "ADMIN"|"USER", active: boolean}}.
   */
  public static final String USER_ENSURE = PREFIX + "user.ensure";
  /** Request {@code {page, limit, role?, search?}}. Reply a page of User. */
  public static final String USER_LIST = PREFIX + "user.list";
  /** Request {@code {id}}. Reply {@code {user}}. */
  public static final String USER_GET = PREFIX + "user.get";
  /**
   * Request {@code {id, name?, email?, phone?, rfidIdTag?, role?, isActive?}}. Reply {@code {user}}.
   */
  public static final String USER_UPDATE = PREFIX + "user.update";
  /**
   * Request {@code {userId, page, limit}}. Reply {@code {data: [{id, type, amount, runningBalance,
   * chargingTransactionId, description, createdAt}], total, walletBalance}}, newest first; NOT_FOUND for an
   * unknown user.
   */
  public static final String WALLET_LEDGER = PREFIX + "wallet.ledger";
  /** Request {@code {userId}}. Reply {@code {data: [VehicleProfile]}}. */
  public static final String VEHICLE_LIST = PREFIX + "vehicle.list";
  /** Request {@code {userId, make, model, year?, batteryCapacityKwh?, connectorType?}}. Reply {@code {vehicleProfile}}. */
  public static final String VEHICLE_CREATE = PREFIX + "vehicle.create";
  /** Request {@code {userId, id, ...fields}}. Reply {@code {vehicleProfile}}. */
  public static final String VEHICLE_UPDATE = PREFIX + "vehicle.update";
  /** Request {@code {userId, id}}. Reply {@code {}}. */
  public static final String VEHICLE_DELETE = PREFIX + "vehicle.delete";

  private AdminStoreAddresses() {
  }
}
