import { parseAbi } from "viem";

/**
 * The part of the EVM bridge ABI (contracts-evm/contracts/bridge/IBridge.sol, BridgeBase.sol) the services use.
 * A test checks every item against the compiled artifact.
 */
export const bridgeAbi = parseAbi([
  "event MessageSent(bytes32 indexed messageId, uint32 indexed dstDomain, uint64 indexed nonce, bytes32 sender, bytes32 recipient, uint64 amount)",
  "event MessageDelivered(bytes32 indexed messageId, uint32 indexed srcDomain, uint64 indexed nonce, address recipient, uint64 amount)",
  "function receiveBatch(bytes[] messages, bytes[] signatures) returns (uint256 delivered)",
  "function receiveMessage(bytes message, bytes signatures)",
  "function isDelivered(bytes32 messageId) view returns (bool)",
  "function digestOf(bytes32 messageId) view returns (bytes32)",
  "function localDomain() view returns (uint32)",
  "function validatorSet() view returns (address[] validators, uint16 threshold, uint64 setId, bytes32 setHash)",
  "function previousValidatorSet() view returns (address[] validators, uint16 threshold, uint40 validUntil)",
  "error BridgeInvalidMessage(uint256 length, uint8 version)",
  "error BridgeWrongDestination(uint32 dstDomain, uint32 localDomain)",
  "error BridgeUnknownDomain(uint32 domain)",
  "error BridgeZeroAmount()",
  "error BridgeInvalidRecipient(bytes32 recipient)",
  "error BridgeMessageAlreadyDelivered(bytes32 messageId)",
  "error BridgeInvalidSignature(uint256 index)",
  "error BridgeInvalidSignatureLength(uint256 length)",
  "error BridgeDuplicateSigner(uint256 index, address signer)",
  "error BridgeSignersNotAscending(uint256 index, address signer)",
  "error BridgeSignerNotInSet(address signer)",
  "error BridgeBelowThreshold(uint256 signatures, uint256 threshold)",
  "error BridgeRateLimited(uint32 domain, uint256 amount, uint256 available)",
  "error BridgeInvalidValidatorSet(uint256 size, uint256 threshold)",
  "error BridgeParameterOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max)",
  "error BridgeInvalidBatch(uint256 messages, uint256 signatures)",
  "error BridgeZeroAddress()",
  "error EnforcedPause()",
  "error ExpectedPause()",
]);
