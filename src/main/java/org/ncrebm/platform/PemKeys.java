package org.ncrebm.platform;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * EC P-256 key pairs as PEM text, the form operators paste into configuration and door scanners are given:
 * {@code -----BEGIN PRIVATE KEY-----} (PKCS#8) and {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo).
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} and {@code openssl pkey -pubout} make them.
 */
public final class PemKeys {
  private static final String CURVE = "secp256r1";
  private static final ECParameterSpec P256 = p256();

  private PemKeys() {
  }

  /** A private key and its public key, both PEM. */
  public record EcKeyPair(String privatePem, String publicPem) {
    @Override
    public String toString() {
      return "EcKeyPair[private=****, public=" + fingerprint(publicPem) + "]";
    }
  }

  /** A fresh P-256 pair. CPU work (a few milliseconds): call on a worker thread. */
  public static EcKeyPair generateP256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(CURVE));
      KeyPair pair = g.generateKeyPair();
      return new EcKeyPair(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
    }
  }

  /**
   * What is wrong with a configured pair, or {@code null} when both parse as P-256 keys and belong together (a test
   * signature made with the private key verifies with the public one).
   */
  public static String problem(String privatePem, String publicPem) {
    try {
      PrivateKey privateKey = privateKey(privatePem);
      PublicKey publicKey = publicKey(publicPem);
      if (!isP256(privateKey) || !isP256(publicKey)) {
        return "the keys must be on curve P-256 (secp256r1)";
      }
      byte[] probe = "ncre-bm key pair check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature) ? null : "the public key does not belong to the private key";
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return "not a PEM EC key pair (PKCS#8 PRIVATE KEY and PUBLIC KEY): " + e.getMessage();
    }
  }

  public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
  }

  public static PublicKey publicKey(String pem) throws GeneralSecurityException {
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
  }

  /**
   * Environment variables and JSON often carry a PEM with literal {@code \n} instead of line breaks; both work.
   */
  public static String normalize(String pem) {
    return pem == null ? "" : pem.replace("\\n", "\n").replace("\r", "").trim();
  }

  /** A short, stable name for a public key (SHA-256 of its DER, first 8 bytes in hex) for logs and scanner setup. */
  public static String fingerprint(String publicPem) {
    if (publicPem == null || publicPem.isBlank()) {
      return "(unset)";
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der(publicPem, "PUBLIC KEY"));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return "(unparseable)";
    }
  }

  private static boolean isP256(Object key) {
    return key instanceof ECKey ec && ec.getParams().getCurve().equals(P256.getCurve())
      && ec.getParams().getOrder().equals(P256.getOrder());
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(CURVE));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM does not know curve P-256", e);
    }
  }

  private static byte[] der(String pem, String type) {
    String text = normalize(pem);
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("expected a " + begin + " block");
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
