package org.ncrebm.payment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.notify.Notification;
import org.ncrebm.notify.Notifier;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;

/** Tells the candidate each step of their money, in the account's language: received, being refunded, refunded (M4). */
final class PaymentNotices {
  private static final String CONTACT = """
    select a.email, a.mobile, a.lang, o.amount_fen from payment_order o join registration r on r.id = o.registration_id
    join account a on a.id = r.account_id where o.merchant_order_no = $1""";
  private final Pool pool;
  private final Notifier notifier;
  private final I18n i18n;

  PaymentNotices(Pool pool, Notifier notifier, I18n i18n) {
    this.pool = pool;
    this.notifier = notifier;
    this.i18n = i18n;
  }

  Future<Void> paid(String orderNo, boolean reinstated) {
    return send(orderNo, reinstated ? "payment.notice.reinstated" : "payment.notice.paid");
  }

  Future<Void> refunding(String orderNo) {
    return send(orderNo, "payment.notice.refunding");
  }

  Future<Void> refunded(String orderNo) {
    return send(orderNo, "payment.notice.refunded");
  }

  private Future<Void> send(String orderNo, String key) {
    return pool.preparedQuery(CONTACT).execute(Tuple.of(orderNo)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture();
      Row r = rows.iterator().next();
      String yuan = String.format("%.2f", r.getInteger("amount_fen") / 100.0);
      Lang lang = Lang.fromCode(r.getString("lang"));
      String text = i18n.t(lang, key, orderNo, yuan);
      return notifier.send(Notification.email(r.getString("email"), i18n.t(lang, key + ".subject"), text))
        .compose(v -> notifier.send(Notification.sms(r.getString("mobile"), i18n.t(lang, key + ".sms", yuan))));
    }).otherwiseEmpty();
  }
}
