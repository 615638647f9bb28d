package org.ncrebm.payment.gateway;

import io.vertx.core.json.JsonObject;
import org.ncrebm.platform.Profile;
import org.ncrebm.platform.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key material of both protocol sides, completed and parsed once at boot. The service holds the merchant side
 * (its private keys, the gateways' public keys); the simulator holds the gateway side (the gateways' private keys) and
 * knows the merchant's public keys, so every signature is made by one side and checked by the other. In dev, what the
 * configuration leaves empty is generated once and kept in {@code <data.dir>/payment-keys.json} (owner-only, never
 * logged); in test it is generated once per JVM run; prod generates nothing (the configuration check demands all).
 */
public final class GatewayKeys {
  private static final String[] STORED = {"alipayMerchantKey", "alipayGatewayKey", "wechatMerchantKey", "wechatPlatformKey"};
  private static JsonObject testRun;

  private final PaymentSettings payment;
  private final PrivateKey alipayMerchant;
  private final PublicKey alipayGateway;
  private final PrivateKey wechatMerchant;
  private final PublicKey wechatPlatform;
  private final PrivateKey alipayGatewaySide;
  private final PrivateKey wechatPlatformSide;

  private GatewayKeys(PaymentSettings payment, PrivateKey alipayGatewaySide, PrivateKey wechatPlatformSide) {
    this.payment = payment;
    this.alipayMerchant = RsaKeys.privateKey(payment.alipay().merchantPrivateKey());
    this.alipayGateway = RsaKeys.publicKey(payment.alipay().gatewayPublicKey());
    this.wechatMerchant = RsaKeys.privateKey(payment.wechat().merchantPrivateKey());
    this.wechatPlatform = RsaKeys.publicKey(payment.wechat().platformPublicKey());
    this.alipayGatewaySide = alipayGatewaySide;
    this.wechatPlatformSide = wechatPlatformSide;
  }

  /**
   * Completes (dev, test) and parses the keys. Blocking (key generation, file I/O): call at boot on a worker.
   *
   * @throws IllegalStateException naming the configuration key whose PEM does not parse
   */
  public static GatewayKeys prepare(PaymentSettings payment, Profile profile, String dataDir) throws IOException {
    if (profile == Profile.PROD) {
      return parse(payment, null);
    }
    JsonObject store = profile == Profile.DEV ? devStore(Path.of(dataDir, "payment-keys.json")) : testStore();
    PaymentSettings.Alipay a = payment.alipay();
    PaymentSettings.Wechat w = payment.wechat();
    PrivateKey alipayGatewaySide = RsaKeys.privateKey(store.getString("alipayGatewayKey"));
    PrivateKey wechatPlatformSide = RsaKeys.privateKey(store.getString("wechatPlatformKey"));
    PaymentSettings filled = payment.withKeys(
      new PaymentSettings.Alipay(or(a.appId(), "2021000000000001"), or(a.merchantPrivateKey(), store.getString("alipayMerchantKey")),
        or(a.gatewayPublicKey(), RsaKeys.pem(RsaKeys.publicOf(alipayGatewaySide))), a.gatewayUrl()),
      new PaymentSettings.Wechat(or(w.mchId(), "1900000001"), or(w.appId(), "wx8888888888888888"),
        or(w.apiV3Key(), store.getString("wechatApiV3Key")), or(w.merchantPrivateKey(), store.getString("wechatMerchantKey")),
        or(w.merchantSerial(), store.getString("wechatMerchantSerial")),
        or(w.platformPublicKey(), RsaKeys.pem(RsaKeys.publicOf(wechatPlatformSide))),
        or(w.platformSerial(), store.getString("wechatPlatformSerial")), w.gatewayUrl()));
    return parse(filled, new PrivateKey[]{alipayGatewaySide, wechatPlatformSide});
  }

  private static GatewayKeys parse(PaymentSettings p, PrivateKey[] simulatorSide) {
    try {
      return new GatewayKeys(p, simulatorSide == null ? null : simulatorSide[0], simulatorSide == null ? null : simulatorSide[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("invalid payment key in pay.alipay.* or pay.wechat.*: " + e.getMessage(), e);
    }
  }

  /** The settings with every key filled in. */
  public PaymentSettings payment() {
    return payment;
  }

  public AlipayGateway.Settings alipay(String gatewayUrl) {
    return new AlipayGateway.Settings(payment.alipay().appId(), alipayMerchant, alipayGateway, gatewayUrl);
  }

  public WechatGateway.Settings wechat(String gatewayUrl) {
    PaymentSettings.Wechat w = payment.wechat();
    return new WechatGateway.Settings(w.mchId(), w.appId(), w.apiV3Key().getBytes(StandardCharsets.UTF_8), wechatMerchant,
      w.merchantSerial(), wechatPlatform, w.platformSerial(), gatewayUrl);
  }

  /** Simulator only: the Alipay gateway's private key (null in prod). */
  public PrivateKey alipayGatewayPrivateKey() {
    return alipayGatewaySide;
  }

  /** Simulator only: the WeChat platform's private key (null in prod). */
  public PrivateKey wechatPlatformPrivateKey() {
    return wechatPlatformSide;
  }

  /** What the simulator checks merchant requests with. */
  public PublicKey alipayMerchantPublicKey() {
    return RsaKeys.publicOf(alipayMerchant);
  }

  public PublicKey wechatMerchantPublicKey() {
    return RsaKeys.publicOf(wechatMerchant);
  }

  private static JsonObject devStore(Path file) throws IOException {
    JsonObject stored = Files.exists(file) ? new JsonObject(Files.readString(file, StandardCharsets.UTF_8)) : new JsonObject();
    if (complete(stored)) return stored;
    fillMissing(stored);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, stored.encodePrettily(), StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system; the data directory's own permissions apply
    }
    return stored;
  }

  /** One set per JVM: each test class boots a service, and RSA generation is too slow to repeat for each. */
  private static synchronized JsonObject testStore() {
    if (testRun == null) {
      testRun = new JsonObject();
      fillMissing(testRun);
    }
    return testRun;
  }

  private static boolean complete(JsonObject s) {
    for (String k : STORED) if (s.getString(k, "").isBlank()) return false;
    return !s.getString("wechatApiV3Key", "").isBlank() && !s.getString("wechatMerchantSerial", "").isBlank()
      && !s.getString("wechatPlatformSerial", "").isBlank();
  }

  private static void fillMissing(JsonObject s) {
    for (String k : STORED) {
      if (s.getString(k, "").isBlank()) s.put(k, RsaKeys.pem(RsaKeys.generate().getPrivate()));
    }
    if (s.getString("wechatApiV3Key", "").isBlank()) s.put("wechatApiV3Key", Secrets.random(24));
    if (s.getString("wechatMerchantSerial", "").isBlank()) s.put("wechatMerchantSerial", serial());
    if (s.getString("wechatPlatformSerial", "").isBlank()) s.put("wechatPlatformSerial", serial());
  }

  /** A certificate serial number as WeChat prints them: 40 upper-case hex digits. */
  private static String serial() {
    byte[] b = new byte[20];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  private static String or(String configured, String fallback) {
    return configured == null || configured.isBlank() ? fallback : configured;
  }
}
