package org.ncrebm.support;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.multipart.MultipartForm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser without a browser: one staff member's cookie session on the back-office pages, logged in through the
 * login form, posting forms with the CSRF token the pages carry.
 */
public final class StaffWeb {
  private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private final WebClientSession session;
  private final String name;

  private StaffWeb(TestApp app, String name) {
    this.session = WebClientSession.create(app.client());
    this.name = name;
  }

  /** A session that is not logged in (it still gets a CSRF cookie from the login page). */
  public static StaffWeb anonymous(TestApp app) {
    return new StaffWeb(app, "anonymous");
  }

  /** Logs in through {@code /staff/login} and expects the redirect to the staff home. */
  public static StaffWeb login(TestApp app, String username, String password) {
    StaffWeb web = new StaffWeb(app, username);
    HttpResponse<Buffer> r = web.post("/staff/login", MultiMap.caseInsensitiveMultiMap()
      .add("username", username).add("password", password));
    assertThat(r.statusCode()).as("login of " + username + ": " + r.bodyAsString()).isEqualTo(303);
    assertThat(r.getHeader("Location")).isEqualTo("/staff");
    return web;
  }

  public String name() {
    return name;
  }

  public HttpResponse<Buffer> get(String path) {
    return TestApp.await(session.get(path).send());
  }

  /** Posts a form with the page's CSRF token (read from the login page, which every session may open). */
  public HttpResponse<Buffer> post(String path, MultiMap form) {
    return TestApp.await(session.post(path).sendForm(MultiMap.caseInsensitiveMultiMap().addAll(form)
      .add("_csrf", token())));
  }

  public HttpResponse<Buffer> postWithoutToken(String path, MultiMap form) {
    return TestApp.await(session.post(path).sendForm(form));
  }

  public HttpResponse<Buffer> upload(String path, String fileName, Buffer content, boolean withToken) {
    MultipartForm form = MultipartForm.create();
    if (withToken) form.attribute("_csrf", token());
    if (fileName != null) form.binaryFileUpload("file", fileName, content, "text/csv");
    return TestApp.await(session.post(path).sendMultipartForm(form));
  }

  /** The CSRF token of this session's cookie, as any of its pages shows it. */
  public String token() {
    HttpResponse<Buffer> page = get("/staff/login");
    if (page.statusCode() == 303) page = get("/staff/password");
    Matcher m = TOKEN.matcher(page.bodyAsString());
    assertThat(m.find()).as("a CSRF field on the page").isTrue();
    return m.group(1);
  }
}
