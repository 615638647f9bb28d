package org.ncrebm.payment.sim;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The gateway side of both protocols: the merchant ids it serves, its own private keys, the merchant public keys it
 * checks requests with, the URL people reach its pages at, and the factor that compresses notify retry delays.
 */
record SimSettings(String alipayAppId, String alipaySellerId, PrivateKey alipayGatewayKey, PublicKey alipayMerchantKey,
                   String wechatMchId, String wechatAppId, byte[] apiV3Key, PrivateKey wechatPlatformKey,
                   String wechatPlatformSerial, PublicKey wechatMerchantKey, String wechatMerchantSerial,
                   String publicBaseUrl, double timeFactor) {

  @Override
  public String toString() {
    return "SimSettings[alipay=" + alipayAppId + ", wechat=" + wechatMchId + ", url=" + publicBaseUrl
      + ", timeFactor=" + timeFactor + "]";
  }
}
