package org.ncrebm.payment.gateway;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The exact answer a gateway expects to a notify: Alipay stops retrying on the body {@code success} (text/plain),
 * WeChat on 200/204. Anything else makes the gateway send the notify again on its schedule.
 */
public record NotifyReply(int status, String contentType, String body) {
  public Future<Void> send(HttpServerResponse response) {
    response.setStatusCode(status);
    if (contentType != null) response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    return body == null || body.isEmpty() ? response.end() : response.end(body);
  }
}
