package org.ncrebm.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** A response as tests read it: status, JSON body, the error code of api.md. */
public record ApiResponse(HttpResponse<Buffer> raw) {
  public int status() {
    return raw.statusCode();
  }

  public JsonObject json() {
    return raw.bodyAsJsonObject();
  }

  public JsonArray jsonArray() {
    return raw.bodyAsJsonArray();
  }

  public String body() {
    return raw.bodyAsString();
  }

  public String header(String name) {
    return raw.getHeader(name);
  }

  public String errorCode() {
    JsonObject body = json();
    return body == null || body.getJsonObject("error") == null ? null : body.getJsonObject("error").getString("code");
  }

  public JsonObject fieldErrors() {
    JsonObject error = json().getJsonObject("error");
    return error == null || error.getJsonObject("fields") == null ? new JsonObject() : error.getJsonObject("fields");
  }

  @Override
  public String toString() {
    return raw.statusCode() + " " + raw.bodyAsString();
  }
}
