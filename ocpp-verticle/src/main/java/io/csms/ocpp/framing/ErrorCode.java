package io.csms.ocpp.framing;

/** The CALLERROR codes of OCPP-J 1.6 section 4.2.3, spelled as on the wire (including "Occurence"). */
public enum ErrorCode {
  /** Requested Action is not known by receiver. */
  NotImplemented,
  /** Requested Action is recognized but not supported by the receiver. */
  NotSupported,
  /** An internal error occurred and the receiver was not able to process the requested Action. */
  InternalError,
  /** Payload for Action is incomplete. */
  ProtocolError,
  /** During the processing of Action a security issue occurred. */
  SecurityError,
  /** Payload for Action is syntactically incorrect or not conform the PDU structure for Action. */
  FormationViolation,
  /** Payload is syntactically correct but at least one field contains an invalid value. */
  PropertyConstraintViolation,
  /** Payload is syntactically correct but at least one field violates occurrence constraints. */
  OccurenceConstraintViolation,
  /** Payload is syntactically correct but at least one field violates data type constraints. */
  TypeConstraintViolation,
  /** Any other error not covered by the previous ones. */
  GenericError
}
