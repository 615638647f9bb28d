package org.ncrebm.payment.gateway;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily statements as both gateways lay them out, written by the simulator and read by the gateways. Alipay: a
 * CSV framed by {@code #} comment lines, one line per payment ({@code 业务类型 交易}) or refund ({@code 退款}, negative
 * {@code 商家实收}). WeChat: every value prefixed with a backtick, refunds as {@code 交易状态 REFUND}, and a totals
 * block after the rows. Columns are found by their header names, so extra or reordered columns do not matter.
 * Reading and writing the CSV itself (quoting, commas and line breaks inside quotes) is Commons CSV's.
 */
public final class StatementCsv {
  public static final List<String> ALIPAY_COLUMNS = List.of("支付宝交易号", "商户订单号", "业务类型", "商品名称",
    "创建时间", "完成时间", "订单金额（元）", "商家实收（元）", "退款批次号/请求号", "备注");
  public static final List<String> WECHAT_COLUMNS = List.of("交易时间", "公众账号ID", "商户号", "特约商户号", "设备号",
    "微信订单号", "商户订单号", "用户标识", "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额",
    "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包",
    "手续费", "费率", "订单金额", "申请退款金额", "费率备注");
  public static final String WECHAT_TOTALS = "总交易单数";
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n")
    .setIgnoreEmptyLines(true).setTrim(true).get();

  private StatementCsv() {
  }

  public static List<StatementRow> parseAlipay(String csv) {
    List<StatementRow> rows = new ArrayList<>();
    Map<String, Integer> cols = null;
    for (List<String> f : records(csv)) {
      if (f.get(0).startsWith("#")) {
        if (cols != null) break;
        continue;
      }
      if (cols == null) {
        cols = columns(f);
        continue;
      }
      boolean refund = "退款".equals(get(f, cols, "业务类型"));
      long fen = Math.abs(AlipayCodec.fen(get(f, cols, "商家实收（元）").replace("-", "")));
      rows.add(new StatementRow(GatewayKind.ALIPAY, refund ? StatementRow.Kind.REFUND : StatementRow.Kind.PAYMENT,
        get(f, cols, "支付宝交易号"), get(f, cols, "商户订单号"), fen,
        refund ? emptyToNull(get(f, cols, "退款批次号/请求号")) : null, AlipayCodec.time(get(f, cols, "完成时间"))));
    }
    return rows;
  }

  public static List<StatementRow> parseWechat(String csv) {
    List<StatementRow> rows = new ArrayList<>();
    Map<String, Integer> cols = null;
    for (List<String> record : records(csv)) {
      if (record.get(0).startsWith(WECHAT_TOTALS)) break;
      List<String> f = record.stream().map(s -> s.startsWith("`") ? s.substring(1) : s).toList();
      if (cols == null) {
        cols = columns(f);
        continue;
      }
      boolean refund = "REFUND".equals(get(f, cols, "交易状态"));
      String amount = refund ? get(f, cols, "退款金额") : get(f, cols, "应结订单金额");
      rows.add(new StatementRow(GatewayKind.WECHAT, refund ? StatementRow.Kind.REFUND : StatementRow.Kind.PAYMENT,
        get(f, cols, "微信订单号"), get(f, cols, "商户订单号"), AlipayCodec.fen(amount),
        refund ? emptyToNull(get(f, cols, "商户退款单号")) : null, AlipayCodec.time(get(f, cols, "交易时间"))));
    }
    return rows;
  }

  /** One CSV record with its CRLF; line breaks inside a value become spaces (a statement line is one line). */
  public static String line(List<String> fields) {
    Object[] values = fields.stream().map(v -> v == null ? "" : v.replace('\r', ' ').replace('\n', ' ')).toArray();
    return FORMAT.format(values) + "\r\n";
  }

  /** A time as both statements print it (Beijing wall clock). */
  public static String time(Instant at) {
    return AlipayCodec.time(at);
  }

  /** The calendar date a statement line belongs to (Beijing). */
  public static java.time.LocalDate date(Instant at) {
    return LocalDateTime.ofInstant(at, AlipayCodec.ZONE).toLocalDate();
  }

  /** The statement's records, fields trimmed, blank ones left out; a comment line is a record starting with #. */
  private static List<List<String>> records(String csv) {
    List<List<String>> out = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(csv.replace("\uFEFF", ""), FORMAT)) {
      for (CSVRecord r : parser) {
        List<String> f = r.toList();
        if (f.stream().anyMatch(v -> !v.isEmpty())) out.add(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static Map<String, Integer> columns(List<String> header) {
    Map<String, Integer> cols = new HashMap<>();
    for (int i = 0; i < header.size(); i++) cols.put(header.get(i), i);
    return cols;
  }

  private static String get(List<String> fields, Map<String, Integer> cols, String name) {
    Integer i = cols.get(name);
    if (i == null) throw new IllegalArgumentException("statement has no column " + name);
    return i < fields.size() ? fields.get(i) : "";
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
