package org.ncrebm.ticket;

import com.lowagie.text.pdf.DefaultSplitCharacter;
import com.lowagie.text.pdf.PdfChunk;

/** 避头尾: a line never starts with closing punctuation such as ，or 。 nor ends with an opening one such as （. */
final class ChineseLineBreaks extends DefaultSplitCharacter {
  static final ChineseLineBreaks INSTANCE = new ChineseLineBreaks();
  private static final String NO_LINE_START = "，。、；：？！）》」』”’〉】〕…—·,.;:?!)]%";
  private static final String NO_LINE_END = "（《「『“‘〈【〔([";

  @Override
  public boolean isSplitCharacter(int start, int current, int end, char[] cc, PdfChunk[] ck) {
    char c = getCurrentCharacter(current, cc, ck);
    if (NO_LINE_END.indexOf(c) >= 0) {
      return false;
    }
    if (current + 1 < end && NO_LINE_START.indexOf(getCurrentCharacter(current + 1, cc, ck)) >= 0) {
      return false;
    }
    // After full-width closing punctuation a line may break (the default only breaks after ideographs and spaces);
    // after ASCII ones like ':' in 09:00 it may not.
    boolean fullWidthClosing = c >= 0x2000 && NO_LINE_START.indexOf(c) >= 0;
    return fullWidthClosing || super.isSplitCharacter(start, current, end, cc, ck);
  }
}
