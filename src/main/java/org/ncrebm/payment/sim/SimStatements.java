package org.ncrebm.payment.sim;

import org.ncrebm.payment.gateway.AlipayCodec;
import org.ncrebm.payment.gateway.StatementCsv;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The daily statement files of the simulated gateways, from their trades: every payment of the day and every refund
 * of the day (a trade paid and refunded the same day appears on both kinds of line), in each gateway's layout.
 */
final class SimStatements {
  private static final DateTimeFormatter CN_DATE = DateTimeFormatter.ofPattern("yyyy年MM月dd日");

  private SimStatements() {
  }

  static String alipay(SimSettings s, LocalDate date, List<SimTrade> paid, List<SimRepository.RefundLine> refunds) {
    StringBuilder b = new StringBuilder();
    b.append("#支付宝业务明细查询\r\n#账号：[").append(s.alipaySellerId()).append("0156]\r\n")
      .append("#起始日期：[").append(CN_DATE.format(date)).append(" 00:00:00]   终止日期：[")
      .append(CN_DATE.format(date.plusDays(1))).append(" 00:00:00]\r\n")
      .append("#-----------------------------------------业务明细列表----------------------------------------\r\n")
      .append(StatementCsv.line(StatementCsv.ALIPAY_COLUMNS));
    long paidFen = 0;
    long refundFen = 0;
    for (SimTrade t : paid) {
      paidFen += t.amountFen();
      b.append(StatementCsv.line(List.of(t.gatewayTxnId(), t.merchantOrderNo(), "交易", t.subject(),
        StatementCsv.time(t.createdAt()), StatementCsv.time(t.paidAt()), AlipayCodec.yuan(t.amountFen()),
        AlipayCodec.yuan(t.amountFen()), "", "")));
    }
    for (SimRepository.RefundLine r : refunds) {
      refundFen += r.refund().amountFen();
      b.append(StatementCsv.line(List.of(r.gatewayTxnId(), r.refund().merchantOrderNo(), "退款", r.subject(),
        StatementCsv.time(r.refund().refundedAt()), StatementCsv.time(r.refund().refundedAt()),
        AlipayCodec.yuan(r.orderFen()), "-" + AlipayCodec.yuan(r.refund().amountFen()), r.refund().refundNo(),
        r.refund().reason())));
    }
    return b.append("#-----------------------------------------业务明细列表结束------------------------------------\r\n")
      .append("#交易合计：").append(paid.size()).append("笔，商家实收：").append(AlipayCodec.yuan(paidFen)).append("元\r\n")
      .append("#退款合计：").append(refunds.size()).append("笔，商家实收：-").append(AlipayCodec.yuan(refundFen))
      .append("元\r\n")
      .toString();
  }

  static String wechat(SimSettings s, List<SimTrade> paid, List<SimRepository.RefundLine> refunds) {
    StringBuilder b = new StringBuilder(StatementCsv.line(StatementCsv.WECHAT_COLUMNS));
    long paidFen = 0;
    long refundFen = 0;
    for (SimTrade t : paid) {
      paidFen += t.amountFen();
      b.append(StatementCsv.line(tick(List.of(StatementCsv.time(t.paidAt()), t.appId(), s.wechatMchId(), "0", "",
        t.gatewayTxnId(), t.merchantOrderNo(), "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "MWEB", "SUCCESS", "OTHERS", "CNY",
        AlipayCodec.yuan(t.amountFen()), "0.00", "0", "0", "0.00", "0.00", "", "", t.subject(), "", fee(t.amountFen()),
        "0.60%", AlipayCodec.yuan(t.amountFen()), "0.00", ""))));
    }
    for (SimRepository.RefundLine r : refunds) {
      refundFen += r.refund().amountFen();
      b.append(StatementCsv.line(tick(List.of(StatementCsv.time(r.refund().refundedAt()), r.appId(), s.wechatMchId(),
        "0", "", r.gatewayTxnId(), r.refund().merchantOrderNo(), "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "MWEB", "REFUND",
        "OTHERS", "CNY", "0.00", "0.00", r.refund().gatewayRefundId(), r.refund().refundNo(),
        AlipayCodec.yuan(r.refund().amountFen()), "0.00", "ORIGINAL", "SUCCESS", r.subject(), "", "0.00", "0.60%",
        AlipayCodec.yuan(r.orderFen()), AlipayCodec.yuan(r.refund().amountFen()), ""))));
    }
    return b.append(StatementCsv.line(List.of(StatementCsv.WECHAT_TOTALS, "应结订单总金额", "退款总金额", "充值券退款总金额",
        "手续费总金额", "订单总金额", "申请退款总金额")))
      .append(StatementCsv.line(tick(List.of(Integer.toString(paid.size() + refunds.size()), AlipayCodec.yuan(paidFen),
        AlipayCodec.yuan(refundFen), "0.00", "0.00", AlipayCodec.yuan(paidFen), AlipayCodec.yuan(refundFen)))))
      .toString();
  }

  /** WeChat prefixes every value with a backtick so spreadsheets keep long numbers as text. */
  private static List<String> tick(List<String> values) {
    return values.stream().map(v -> "`" + v).toList();
  }

  /** The 0.6% service fee, in yuan with five decimals as WeChat prints it. */
  private static String fee(long fen) {
    return java.math.BigDecimal.valueOf(fen * 6).movePointLeft(5).setScale(5).toPlainString();
  }
}
