package org.ncrebm.registration;

import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.registration.Registration.Profile;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The registration information form, validated field by field. Choices come from fixed lists (the codes are stored;
 * pages show them translated). An 18-digit ID fixes the birth date and gender, which must agree.
 */
public final class ProfileInput {
  public static final List<String> ETHNICITIES = List.of("汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族",
    "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族",
    "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族",
    "珞巴族", "基诺族", "其他", "外国血统");
  public static final List<String> GENDERS = List.of("M", "F");
  public static final List<String> EDUCATIONS = List.of("PRIMARY", "JUNIOR_HIGH", "SENIOR_HIGH", "VOCATIONAL",
    "JUNIOR_COLLEGE", "BACHELOR", "MASTER", "DOCTOR", "OTHER");
  public static final List<String> OCCUPATIONS = List.of("STUDENT", "TEACHER", "CIVIL_SERVANT", "ENTERPRISE", "MEDICAL",
    "FREELANCE", "MILITARY", "FARMER", "UNEMPLOYED", "OTHER");
  static final Pattern NAME = Pattern.compile("^[\\p{IsHan}A-Za-z][\\p{IsHan}A-Za-z·.\\- ]{0,29}$");
  static final Pattern PHONE = Pattern.compile("^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$");
  static final Pattern POSTAL = Pattern.compile("^[0-9]{6}$");

  private ProfileInput() {
  }

  /** Validates the form; {@code classRequired} and the ID's own facts come from the registration. */
  public static Profile parse(JsonInput in, boolean classRequired, IdDocument.Checked id) {
    String name = in.matching("name", 30, NAME, "profile.name");
    String gender = in.oneOf("gender", Set.copyOf(GENDERS));
    String birth = in.string("birthDate", 10);
    LocalDate birthDate = null;
    if (birth != null) {
      try {
        birthDate = LocalDate.parse(birth);
        if (birthDate.getYear() < 1900 || birthDate.isAfter(LocalDate.now())) {
          in.reject("birthDate", "profile.birthDateRange");
          birthDate = null;
        }
      } catch (DateTimeParseException e) {
        in.reject("birthDate", "validation.date");
      }
    }
    String ethnicity = in.choice("ethnicity", Set.copyOf(ETHNICITIES), "profile.choose");
    String education = in.choice("education", Set.copyOf(EDUCATIONS), "profile.choose");
    String occupation = in.choice("occupation", Set.copyOf(OCCUPATIONS), "profile.choose");
    String phone = in.matching("phone", 20, PHONE, "profile.phone");
    String address = in.string("address", 100);
    String postal = in.matching("postalCode", 6, POSTAL, "profile.postalCode");
    String className = classRequired ? in.string("className", 30) : in.optionalString("className", 30);
    if (id != null && id.birthDate() != null) {
      if (birthDate != null && !birthDate.equals(id.birthDate())) in.reject("birthDate", "profile.birthDateMismatch");
      if (gender != null && id.gender() != null && gender.charAt(0) != id.gender()) in.reject("gender", "profile.genderMismatch");
    }
    in.done();
    return new Profile(name, gender, birthDate, ethnicity, education, occupation, phone, address, postal,
      className == null || className.isBlank() ? null : className);
  }
}
