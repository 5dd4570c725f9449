package io.csms.api.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The node's own RS256 token signing key: a PKCS#8 PEM file created on first start. The public key is
 * derived from the private one, so the file is all a cluster shares: give every node the same file and
 * any node verifies tokens any other issued. Blocking file IO: call from a worker thread.
 */
public record SigningKey(String privateKeyPem, String publicKeyPem) {
  private static final String PRIVATE_HEADER = "-----BEGIN PRIVATE KEY-----";
  private static final String PRIVATE_FOOTER = "-----END PRIVATE KEY-----";

  /** Reads the key file, creating it (and its directory) when it does not exist yet. */
  public static SigningKey loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot use the token signing key " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException, GeneralSecurityException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem = pem(PRIVATE_HEADER, generator.generateKeyPair().getPrivate().getEncoded(), PRIVATE_FOOTER);
    Path tmp = Files.createTempFile(dir, ".jwt-signing-key", ".tmp");
    try {
      trySetOwnerOnly(tmp);
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      // A hard link fails atomically when the file exists: two verticles starting at once keep one key.
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException raced) {
      // another instance created it first; use theirs
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void trySetOwnerOnly(Path path) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException ignored) {
      // not a POSIX file system; the directory's permissions protect the key
    }
  }

  static SigningKey fromPem(String pem) throws GeneralSecurityException {
    int start = pem.indexOf(PRIVATE_HEADER);
    int end = pem.indexOf(PRIVATE_FOOTER);
    if (start < 0 || end < start) {
      throw new GeneralSecurityException("not a PKCS#8 PEM private key");
    }
    String body = pem.substring(start + PRIVATE_HEADER.length(), end).replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw new GeneralSecurityException("the key must be an RSA key with its CRT parameters");
    }
    byte[] publicDer = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())).getEncoded();
    return new SigningKey(pem(PRIVATE_HEADER, der, PRIVATE_FOOTER),
        pem("-----BEGIN PUBLIC KEY-----", publicDer, "-----END PUBLIC KEY-----"));
  }

  private static String pem(String header, byte[] der, String footer) {
    return header + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n" + footer + "\n";
  }

  @Override
  public String toString() {
    return "SigningKey[RS256]";
  }
}
