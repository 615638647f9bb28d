package org.ncrebm.registration;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * ID numbers at rest: AES-256-GCM ciphertext (version byte, 12-byte nonce, ciphertext and tag), a keyed
 * HMAC-SHA256 digest to find and compare them without decrypting, and the masked form for lists. A database dump
 * reveals neither numbers nor a way to test guesses.
 */
public final class IdVault {
  private static final byte VERSION = 1;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;
  private final SecretKeySpec digestKey;

  public IdVault(String base64Key, String digestKey) {
    this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES");
    this.digestKey = new SecretKeySpec(digestKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public byte[] encrypt(String idNumber) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(new byte[]{VERSION});
      byte[] ct = c.doFinal(idNumber.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(1 + nonce.length + ct.length).put(VERSION).put(nonce).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String decrypt(byte[] sealed) {
    try {
      if (sealed.length < 1 + 12 + 16 || sealed[0] != VERSION) throw new IllegalArgumentException("unknown format");
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 1, 12));
      c.updateAAD(new byte[]{VERSION});
      return new String(c.doFinal(sealed, 13, sealed.length - 13), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("an ID number could not be decrypted", e);
    }
  }

  /** The same person gives the same digest whatever the account: type and normalized number, keyed. */
  public String digest(IdDocument.Type type, String normalizedNumber) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(digestKey);
      return HexFormat.of().formatHex(mac.doFinal((type.name() + ":" + normalizedNumber).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
