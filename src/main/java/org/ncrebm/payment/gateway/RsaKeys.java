package org.ncrebm.payment.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA keys as both gateways hand them out (PEM: PKCS#8 private keys, X.509 SubjectPublicKeyInfo public keys) and
 * SHA256withRSA, the signature both protocols use. Parsing and generation are for boot (a worker thread); one
 * signature (~1 ms for 2048 bits) or verification is fine on the event loop.
 */
public final class RsaKeys {
  private static final String SHA256_RSA = "SHA256withRSA";

  private RsaKeys() {
  }

  /** Blocking-heavy (tens to hundreds of ms): boot or a worker only. */
  public static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PrivateKey privateKey(String pem) {
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PKCS#8 RSA private key in PEM", e);
    }
  }

  public static PublicKey publicKey(String pem) {
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an X.509 RSA public key in PEM", e);
    }
  }

  /** The public half of a private key (PKCS#8 RSA keys carry the modulus and public exponent). */
  public static PublicKey publicOf(PrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw new IllegalArgumentException("the private key does not carry its public exponent");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  public static String pem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /** Base64 SHA256withRSA signature of the UTF-8 bytes of {@code content}. */
  public static String sign(PrivateKey key, String content) {
    try {
      Signature s = Signature.getInstance(SHA256_RSA);
      s.initSign(key);
      s.update(content.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  /** False for a wrong, malformed or empty signature; never throws for bad input. */
  public static boolean verify(PublicKey key, String content, String signatureBase64) {
    if (signatureBase64 == null || signatureBase64.isBlank()) return false;
    try {
      byte[] sig = Base64.getMimeDecoder().decode(signatureBase64);
      Signature s = Signature.getInstance(SHA256_RSA);
      s.initVerify(key);
      s.update(content.getBytes(StandardCharsets.UTF_8));
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Accepts PEM with or without its armour lines, and a backslash-n written literally (as env variables carry it). */
  private static byte[] der(String pem, String type) {
    String body = pem.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "")
      .replace("\\n", "").replaceAll("\\s", "");
    if (body.contains("-----")) {
      throw new IllegalArgumentException("expected a PEM " + type);
    }
    return Base64.getDecoder().decode(body);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
