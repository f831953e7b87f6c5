"""Vietnamese activity-news stories for the held-out sites: the content, independent of any markup.

Stories are assembled from per-event templates (meetings, digital-transformation conferences, trainings,
inspections, ...) filled with per-province names and random figures, so that every article of a site reads
like a real department news item and no two are near-duplicates (the crawler's dedupe must not drop them).
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Province:
    """Who and what a department's news talks about."""

    name: str  # "Cao Bằng"
    districts: tuple[str, ...]  # with their kind: "huyện Hòa An", "thành phố Cao Bằng"
    director: str
    deputies: tuple[str, ...]
    vice_chair: str  # Phó Chủ tịch UBND tỉnh
    enterprises: tuple[str, ...]
    source_tag: str  # lead prefix some sites use, e.g. "STTTT - "


@dataclass(frozen=True)
class Image:
    slug: str  # file stem; each template puts it under its own upload folder
    caption: str | None


@dataclass(frozen=True)
class Attachment:
    slug: str
    ext: str  # "pdf", "doc", "docx", "xls"
    name: str  # the link text
    lead: str  # the words before the link when it sits inside a paragraph: "Tải về:"


@dataclass(frozen=True)
class Block:
    """One piece of the body in reading order."""

    kind: str  # "p" | "img" | "att"
    text: str = ""
    image: Image | None = None
    attachment: Attachment | None = None


@dataclass
class Story:
    uid: int
    category: str
    title: str
    slug: str
    published: datetime
    date_on_page: bool  # False: the article page shows no date (truth takes the listing's)
    summary: str | None
    blocks: list[Block]
    byline: str | None  # the last line as printed
    author: str | None  # the byline without its role prefix
    views: int
    tags: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "p"]

    @property
    def images(self) -> list[Image]:
        return [b.image for b in self.blocks if b.kind == "img" and b.image]

    @property
    def attachments(self) -> list[Attachment]:
        return [b.attachment for b in self.blocks if b.kind == "att" and b.attachment]


# --- people ------------------------------------------------------------------------------------------------

SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
)
MIDDLES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu", "Kim", "Anh")
GIVEN = (
    "Hùng",
    "Dũng",
    "Hải",
    "Thảo",
    "Hương",
    "Lan",
    "Tâm",
    "Phúc",
    "Bình",
    "Long",
    "Hạnh",
    "Sơn",
    "Tuấn",
    "Thắng",
    "Linh",
    "Quang",
    "Khánh",
    "Vinh",
    "Cường",
    "Đông",
    "Huy",
    "Nga",
    "Yến",
    "Trung",
    "Nam",
    "Thành",
)


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def byline_pool(rng: random.Random) -> list[tuple[str, str]]:
    """(as printed, author) pairs in the shapes the real sites use; the author never has the role prefix."""
    two = [f"{rng.choice(MIDDLES[3:])} {rng.choice(GIVEN)}" for _ in range(6)]  # pen names: "Quốc Trạng"
    initials = rng.choice(["VTH", "T.H", "N.T.L", "H.Q"])
    return [
        (two[0], two[0]),
        (initials, initials),
        ("BBT", "BBT"),
        (f"Tin, ảnh: {two[1]}", two[1]),
        (f"Bài và ảnh {two[2]}", two[2]),
        (f"Tác giả: {person(rng)}", ""),  # author filled below (same name)
        (f"Tin: {two[3]}", two[3]),
        (two[4], two[4]),
    ]


def _fix_pool(pool: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(p, a or p.split(": ", 1)[1]) for p, a in pool]


# --- events ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    key: str
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    leads: tuple[str, ...]
    middles: tuple[str, ...]
    quotes: tuple[str, ...]
    captions: tuple[str, ...]
    attachments: tuple[str, ...]
    tags: tuple[str, ...]
    numbers: dict[str, tuple[int, int]] = field(default_factory=dict)  # slot -> range, where n1..n8 won't do
    months: tuple[int, ...] = ()  # only in these months (a spring press fair is not held in November)
    title_months: dict[str, tuple[int, ...]] = field(default_factory=dict)  # same, for single titles


EVENTS: tuple[Event, ...] = (
    Event(
        "giao_ban",
        titles=(
            "Giao ban công tác {ky} của Sở Thông tin và Truyền thông",
            "Sở TT&TT giao ban đánh giá kết quả thực hiện nhiệm vụ {ky}",
            "Hội nghị giao ban công tác thông tin và truyền thông {ky}",
            "Sở Thông tin và Truyền thông triển khai nhiệm vụ trọng tâm sau giao ban {ky}",
        ),
        summaries=(
            "{Buoi} ngày {ngay}, Sở Thông tin và Truyền thông tổ chức hội nghị giao ban đánh giá kết quả "
            "công tác "
            "{ky} và triển khai nhiệm vụ trọng tâm thời gian tới.",
            "Đồng chí {gd}, Giám đốc Sở TT&TT chủ trì hội nghị giao ban {ky} với sự tham dự của lãnh đạo các "
            "phòng, đơn vị thuộc Sở.",
        ),
        leads=(
            "{Buoi} ngày {ngay}, Sở Thông tin và Truyền thông tỉnh {tinh} tổ chức hội nghị giao ban công tác "
            "{ky}. "
            "Đồng chí {gd}, Giám đốc Sở chủ trì hội nghị. Tham dự có các đồng chí trong Ban Giám đốc Sở, "
            "trưởng "
            "các phòng chuyên môn và đơn vị sự nghiệp trực thuộc.",
            "Ngày {ngay}, tại hội trường Sở TT&TT, đồng chí {gd}, Giám đốc Sở đã chủ trì hội nghị giao ban "
            "{ky} "
            "nhằm đánh giá kết quả thực hiện nhiệm vụ và thống nhất các giải pháp trong thời gian tới.",
        ),
        middles=(
            "Theo báo cáo tại hội nghị, trong {ky}, Sở đã tham mưu UBND tỉnh ban hành {n1} văn bản chỉ đạo, "
            "điều "
            "hành thuộc lĩnh vực thông tin và truyền thông; cấp {n2} giấy phép xuất bản bản tin, tài liệu "
            "không "
            "kinh doanh; thẩm định {n3} hồ sơ dự án ứng dụng công nghệ thông tin của các sở, ngành và địa "
            "phương.",
            "Công tác chuyển đổi số tiếp tục được đẩy mạnh. Tỷ lệ văn bản điện tử gửi, nhận giữa các cơ quan "
            "nhà "
            "nước trên địa bàn tỉnh đạt {pct1}; tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến đạt "
            "{pct2}. Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh hoạt động ổn định, thông "
            "suốt.",
            "Trong lĩnh vực bưu chính, viễn thông, toàn tỉnh hiện có {tram} trạm phát sóng thông tin di "
            "động, trong "
            "đó có {tram4g} trạm 4G; {n6} thôn, xóm vùng lõm sóng đã được các doanh nghiệp khắc phục. Hoạt "
            "động bưu "
            "chính công ích được duy trì, phục vụ tốt nhu cầu của người dân.",
            "Công tác quản lý nhà nước về báo chí, xuất bản tiếp tục được tăng cường. Sở đã theo dõi, tổng "
            "hợp "
            "{n7} tin, bài phản ánh trên báo chí liên quan đến tỉnh, chuyển các cơ quan chức năng xem xét, "
            "xử lý "
            "và trả lời theo quy định.",
            "Bên cạnh những kết quả đạt được, hội nghị cũng chỉ ra một số tồn tại, hạn chế như: tiến độ "
            "triển khai "
            "một số nhiệm vụ chuyển đổi số còn chậm; việc sử dụng chữ ký số ở một số cơ quan, đơn vị chưa "
            "thường "
            "xuyên; nguồn nhân lực công nghệ thông tin ở cấp huyện, cấp xã còn thiếu.",
            "Tại hội nghị, lãnh đạo các phòng, đơn vị đã thảo luận, làm rõ nguyên nhân của những tồn tại, "
            "hạn chế, "
            "đồng thời đề xuất nhiều giải pháp cụ thể để hoàn thành các chỉ tiêu, nhiệm vụ được giao trong "
            "năm "
            "{nam}.",
        ),
        quotes=(
            "Kết luận hội nghị, Giám đốc Sở {gd} ghi nhận, đánh giá cao những kết quả các phòng, đơn vị đã "
            "đạt "
            "được. Đồng chí yêu cầu các phòng, đơn vị bám sát chương trình công tác năm, chủ động tham mưu, "
            "đề "
            "xuất và tập trung giải quyết dứt điểm những nhiệm vụ còn tồn đọng.",
            "Phát biểu chỉ đạo, đồng chí {gd} nhấn mạnh: “Mỗi cán bộ, công chức, viên chức của Sở phải nâng "
            "cao "
            "tinh thần trách nhiệm, phát huy vai trò tham mưu để hoàn thành tốt các nhiệm vụ được giao”.",
        ),
        captions=(
            "Đồng chí {gd}, Giám đốc Sở TT&TT phát biểu kết luận hội nghị.",
            "Quang cảnh hội nghị giao ban.",
            "Lãnh đạo các phòng, đơn vị báo cáo kết quả thực hiện nhiệm vụ {ky}.",
        ),
        attachments=("Báo cáo kết quả công tác {ky}", "Chương trình công tác {ky_sau}"),
        tags=("giao ban", "Sở TT&TT"),
    ),
    Event(
        "chuyen_doi_so",
        titles=(
            "Hội nghị triển khai Kế hoạch chuyển đổi số tỉnh {tinh} năm {nam}",
            "Đẩy mạnh chuyển đổi số trong lĩnh vực nông nghiệp tại {huyen}",
            "Hội thảo “Chuyển đổi số trong doanh nghiệp nhỏ và vừa” năm {nam}",
            "Phổ biến các nền tảng số phục vụ người dân và doanh nghiệp tại {huyen}",
            "Ra mắt mô hình “Xã chuyển đổi số” tại {xa}, {huyen}",
        ),
        summaries=(
            "Nhằm nâng cao nhận thức về chuyển đổi số, Sở TT&TT phối hợp với {dn} tổ chức hội nghị với sự "
            "tham gia "
            "của hơn {n1} đại biểu.",
            "Chuyển đổi số được xác định là giải pháp quan trọng để nâng cao năng lực cạnh tranh, phát triển "
            "kinh "
            "tế - xã hội của tỉnh {tinh} trong giai đoạn mới.",
        ),
        leads=(
            "{Buoi} ngày {ngay}, Sở Thông tin và Truyền thông phối hợp với {dn} tổ chức hội nghị về chuyển "
            "đổi số "
            "tại {huyen}. Dự hội nghị có đồng chí {pct}, Phó Chủ tịch UBND tỉnh; lãnh đạo các sở, ban, "
            "ngành, UBND "
            "các huyện, thành phố và đại diện {n2} doanh nghiệp trên địa bàn tỉnh.",
            "Ngày {ngay}, tại {huyen}, Sở TT&TT tổ chức hội nghị phổ biến, hướng dẫn sử dụng các nền tảng số "
            "cho "
            "cán bộ, công chức cấp huyện, cấp xã và thành viên tổ công nghệ số cộng đồng. Đồng chí {pgd}, "
            "Phó Giám "
            "đốc Sở chủ trì hội nghị.",
        ),
        middles=(
            "Tại hội nghị, các đại biểu đã được nghe giới thiệu về chương trình chuyển đổi số quốc gia, các "
            "chỉ số "
            "đánh giá mức độ chuyển đổi số cấp tỉnh (DTI) và kết quả thực hiện của tỉnh {tinh} năm "
            "{nam_truoc}, "
            "trong đó tỉnh xếp thứ {n3}/63 tỉnh, thành phố.",
            "Đại diện {dn} đã giới thiệu các giải pháp nền tảng số như: sổ sức khỏe điện tử, thanh toán "
            "không dùng "
            "tiền mặt, sàn thương mại điện tử postmart.vn, voso.vn, phần mềm quản lý trường học, hóa đơn "
            "điện tử "
            "và chữ ký số từ xa dành cho hộ kinh doanh cá thể.",
            "Đến nay, {n4} sản phẩm OCOP và nông sản chủ lực của tỉnh đã được đưa lên các sàn thương mại "
            "điện tử; "
            "{n5} hộ sản xuất được hỗ trợ mở gian hàng, quảng bá sản phẩm qua mạng xã hội, qua đó mở rộng "
            "thị "
            "trường tiêu thụ, nâng cao thu nhập.",
            "Toàn tỉnh đã thành lập {n6} tổ công nghệ số cộng đồng với hơn {n7} thành viên. Các tổ đã trực "
            "tiếp "
            "hướng dẫn người dân cài đặt, sử dụng ứng dụng VNeID, dịch vụ công trực tuyến và các ứng dụng "
            "thanh "
            "toán điện tử.",
            "Các đại biểu đã thảo luận, chia sẻ kinh nghiệm triển khai chuyển đổi số tại địa phương, đơn vị; "
            "đồng "
            "thời nêu một số khó khăn như hạ tầng mạng ở vùng sâu, vùng xa chưa đồng bộ, kỹ năng số của "
            "người dân "
            "còn hạn chế, kinh phí cho chuyển đổi số cấp xã còn thấp.",
            "Theo kế hoạch, năm {nam} tỉnh phấn đấu {pct1} hồ sơ thủ tục hành chính đủ điều kiện được cung "
            "cấp "
            "trực tuyến toàn trình; {pct2} hộ gia đình có kết nối Internet cáp quang băng rộng; {pct3} người "
            "dân "
            "trưởng thành có điện thoại thông minh.",
        ),
        quotes=(
            "Phát biểu tại hội nghị, đồng chí {pct}, Phó Chủ tịch UBND tỉnh đề nghị các sở, ngành, địa "
            "phương xác "
            "định chuyển đổi số là nhiệm vụ chính trị trọng tâm, người đứng đầu phải trực tiếp chỉ đạo và "
            "chịu "
            "trách nhiệm về kết quả chuyển đổi số của cơ quan, đơn vị mình.",
            "“Chuyển đổi số trước hết là chuyển đổi nhận thức. Người dân phải được hưởng lợi từ chuyển đổi "
            "số thì "
            "mới tích cực tham gia”, đồng chí {gd}, Giám đốc Sở TT&TT nhấn mạnh.",
        ),
        captions=(
            "Đồng chí {pct}, Phó Chủ tịch UBND tỉnh phát biểu tại hội nghị.",
            "Các đại biểu tham quan gian trưng bày giải pháp chuyển đổi số của {dn}.",
            "Thành viên tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt ứng dụng.",
            None,
        ),
        attachments=(
            "Kế hoạch chuyển đổi số tỉnh {tinh} năm {nam}",
            "Tài liệu hội nghị",
            "Bộ chỉ số DTI {nam}",
        ),
        tags=("chuyển đổi số", "nền tảng số", "kinh tế số"),
        numbers={"n1": (80, 300), "n3": (8, 60)},
    ),
    Event(
        "tap_huan",
        titles=(
            "Tập huấn {chu_de} cho cán bộ, công chức năm {nam}",
            "Khai giảng lớp bồi dưỡng {chu_de} tại {huyen}",
            "Hơn {hv} học viên tham gia lớp tập huấn {chu_de}",
            "Bế giảng lớp tập huấn {chu_de} năm {nam}",
        ),
        summaries=(
            "Trong {so_ngay} ngày, {hv} học viên là cán bộ, công chức các sở, ngành, địa phương được trang "
            "bị kiến "
            "thức, kỹ năng về {chu_de}.",
            "Lớp tập huấn do Sở TT&TT tổ chức nhằm nâng cao năng lực ứng dụng công nghệ thông tin cho đội "
            "ngũ cán "
            "bộ, công chức trên địa bàn tỉnh.",
        ),
        leads=(
            "Trong {so_ngay} ngày, từ ngày {ngay}, Sở Thông tin và Truyền thông tổ chức lớp tập huấn "
            "{chu_de} cho "
            "{hv} học viên là cán bộ, công chức, viên chức các sở, ban, ngành và UBND các huyện, thành phố.",
            "{Buoi} ngày {ngay}, tại Trung tâm Chính trị {huyen}, Sở TT&TT khai giảng lớp bồi dưỡng "
            "{chu_de}. Đồng "
            "chí {pgd}, Phó Giám đốc Sở dự và phát biểu khai giảng lớp học.",
        ),
        middles=(
            "Tại lớp tập huấn, các học viên được giảng viên của Trung tâm Công nghệ thông tin và Truyền "
            "thông "
            "hướng dẫn các nội dung: tổng quan về {chu_de}; các quy định của pháp luật liên quan; quy trình, "
            "thao "
            "tác thực hành trên hệ thống; xử lý một số lỗi thường gặp trong quá trình sử dụng.",
            "Chương trình được thiết kế ngắn gọn, kết hợp giữa lý thuyết và thực hành. Mỗi học viên được bố "
            "trí "
            "một máy tính kết nối Internet để thực hành trực tiếp; cuối khóa, học viên làm bài kiểm tra để "
            "đánh "
            "giá kết quả tiếp thu.",
            "Theo thống kê, năm {nam_truoc} trên địa bàn tỉnh đã xảy ra {n2} sự cố mất an toàn thông tin, "
            "chủ yếu "
            "do người dùng mở tệp tin đính kèm thư điện tử giả mạo và sử dụng mật khẩu yếu. Vì vậy, việc "
            "nâng cao "
            "nhận thức, kỹ năng cho người sử dụng là hết sức cần thiết.",
            "Đến nay, {pct1} cán bộ, công chức cấp tỉnh và {pct2} cán bộ, công chức cấp xã đã được cấp chứng "
            "thư "
            "số; {n3} cơ quan, đơn vị sử dụng chữ ký số trong gửi, nhận văn bản điện tử trên hệ thống quản "
            "lý văn "
            "bản và điều hành.",
            "Kết thúc khóa học, {hv_dat} học viên đạt yêu cầu và được cấp giấy chứng nhận. Các học viên đánh "
            "giá nội "
            "dung tập huấn thiết thực, dễ áp dụng vào công việc chuyên môn hằng ngày.",
            "Lớp tập huấn nằm trong kế hoạch bồi dưỡng, phát triển nguồn nhân lực công nghệ thông tin năm "
            "{nam} "
            "của tỉnh, với tổng số {n5} lớp dự kiến được tổ chức tại các huyện, thành phố.",
        ),
        quotes=(
            "Phát biểu khai giảng, đồng chí {pgd} đề nghị các học viên nghiêm túc tham gia đầy đủ thời gian, "
            "tích "
            "cực trao đổi, thảo luận để nắm vững kiến thức và vận dụng hiệu quả vào thực tiễn công tác tại "
            "cơ "
            "quan, đơn vị.",
        ),
        captions=(
            "Quang cảnh lớp tập huấn.",
            "Học viên thực hành trên máy tính.",
            "Đồng chí {pgd}, Phó Giám đốc Sở TT&TT phát biểu khai giảng lớp học.",
            None,
        ),
        attachments=("Tài liệu tập huấn {chu_de}", "Danh sách học viên", "Chương trình lớp tập huấn"),
        tags=("tập huấn", "bồi dưỡng", "nguồn nhân lực"),
        numbers={"n5": (4, 25)},
    ),
    Event(
        "kiem_tra",
        titles=(
            "Kiểm tra hoạt động {linh_vuc} trên địa bàn {huyen}",
            "Đoàn kiểm tra liên ngành làm việc về {linh_vuc} tại {huyen}",
            "Sở TT&TT thanh tra chuyên ngành về {linh_vuc} năm {nam}",
        ),
        summaries=(
            "Đoàn kiểm tra đã làm việc với {co_so} cơ sở, doanh nghiệp; phát hiện và lập biên bản {vi_pham} "
            "trường hợp vi "
            "phạm.",
            "Qua kiểm tra nhằm chấn chỉnh hoạt động {linh_vuc}, bảo đảm tuân thủ các quy định của pháp luật.",
        ),
        leads=(
            "Thực hiện Kế hoạch số {so_kh}, từ ngày {ngay}, đoàn kiểm tra của Sở Thông tin và Truyền thông "
            "do đồng "
            "chí {pgd}, Phó Giám đốc Sở làm trưởng đoàn đã tiến hành kiểm tra hoạt động {linh_vuc} tại "
            "{huyen}.",
            "Ngày {ngay}, Thanh tra Sở TT&TT phối hợp với Công an tỉnh và UBND {huyen} tiến hành kiểm tra "
            "việc chấp "
            "hành các quy định của pháp luật về {linh_vuc}.",
        ),
        middles=(
            "Đoàn đã kiểm tra {co_so} cơ sở, doanh nghiệp. Nội dung kiểm tra tập trung vào hồ sơ pháp lý, "
            "giấy phép "
            "hoạt động, việc niêm yết giá cước, chất lượng dịch vụ và việc thực hiện các quy định về bảo đảm "
            "an "
            "toàn, an ninh thông tin.",
            "Qua kiểm tra, đa số cơ sở chấp hành tương đối tốt các quy định. Tuy nhiên, vẫn còn {vi_pham} cơ "
            "sở có sai "
            "phạm như: không lưu giữ thông tin thuê bao đúng quy định, hoạt động quá giờ cho phép, không có "
            "giấy "
            "chứng nhận đủ điều kiện hoạt động.",
            "Đoàn kiểm tra đã lập biên bản, yêu cầu các cơ sở khắc phục ngay các tồn tại; đồng thời ban hành "
            "{vi_pham} "
            "quyết định xử phạt vi phạm hành chính với tổng số tiền {tien} triệu đồng.",
            "Trước đó, Sở đã tổ chức tuyên truyền, hướng dẫn các tổ chức, cá nhân kinh doanh trên địa bàn "
            "nắm vững "
            "các quy định mới của pháp luật, đặc biệt là Nghị định số 15/2020/NĐ-CP quy định xử phạt vi phạm "
            "hành "
            "chính trong lĩnh vực bưu chính, viễn thông, tần số vô tuyến điện, công nghệ thông tin và giao "
            "dịch "
            "điện tử.",
            "Trong năm {nam}, Sở TT&TT đã tiến hành {n4} cuộc thanh tra, kiểm tra chuyên ngành, góp phần lập "
            "lại "
            "trật tự, kỷ cương trong hoạt động thông tin và truyền thông trên địa bàn tỉnh.",
        ),
        quotes=(
            "Trưởng đoàn kiểm tra {pgd} đề nghị các doanh nghiệp tăng cường quản lý điểm cung cấp dịch vụ, "
            "kiên "
            "quyết không để xảy ra tình trạng mua bán SIM đã kích hoạt sẵn, thông tin thuê bao không chính "
            "chủ.",
        ),
        captions=(
            "Đoàn kiểm tra làm việc tại một điểm cung cấp dịch vụ.",
            "Kiểm tra hồ sơ, giấy phép hoạt động của doanh nghiệp.",
            None,
        ),
        attachments=("Kế hoạch kiểm tra số {so_kh}", "Quyết định thành lập đoàn kiểm tra"),
        tags=("thanh tra", "kiểm tra", "bưu chính", "viễn thông"),
        numbers={"n4": (6, 30)},
    ),
    Event(
        "ky_ket",
        titles=(
            "Ký kết thỏa thuận hợp tác về chuyển đổi số giữa UBND tỉnh và {dn}",
            "Sở Thông tin và Truyền thông và {dn} ký kết chương trình phối hợp giai đoạn {nam}-{nam_5}",
            "{dn} đồng hành cùng tỉnh {tinh} xây dựng chính quyền số",
        ),
        summaries=(
            "Thỏa thuận hợp tác tập trung vào phát triển hạ tầng số, nền tảng số và dữ liệu số phục vụ chính "
            "quyền, "
            "người dân và doanh nghiệp trên địa bàn tỉnh.",
        ),
        leads=(
            "{Buoi} ngày {ngay}, tại trụ sở UBND tỉnh, Sở Thông tin và Truyền thông phối hợp với {dn} tổ "
            "chức lễ ký "
            "kết thỏa thuận hợp tác về chuyển đổi số giai đoạn {nam}-{nam_5}. Dự lễ ký kết có đồng chí "
            "{pct}, "
            "Phó Chủ tịch UBND tỉnh.",
            "Ngày {ngay}, Sở TT&TT và {dn} đã ký kết chương trình phối hợp triển khai các nhiệm vụ chuyển "
            "đổi số, "
            "phát triển hạ tầng viễn thông trên địa bàn tỉnh {tinh}.",
        ),
        middles=(
            "Theo nội dung thỏa thuận, {dn} sẽ hỗ trợ tỉnh phát triển hạ tầng viễn thông băng rộng, phủ sóng "
            "4G đến "
            "{pct1} thôn, bản; triển khai Trung tâm giám sát, điều hành đô thị thông minh và các nền tảng số "
            "phục vụ y tế, giáo dục, nông nghiệp.",
            "Hai bên thống nhất phối hợp xây dựng kho dữ liệu dùng chung của tỉnh, kết nối với Cơ sở dữ liệu "
            "quốc "
            "gia về dân cư; đào tạo, bồi dưỡng kỹ năng số cho {n1} cán bộ, công chức và thành viên tổ công "
            "nghệ số "
            "cộng đồng.",
            "Giai đoạn vừa qua, {dn} đã đầu tư hơn {tien} tỷ đồng phát triển hạ tầng mạng lưới trên địa bàn "
            "tỉnh, "
            "lắp đặt mới {n2} trạm phát sóng, nâng tổng số thuê bao băng rộng cố định lên {n3} nghìn thuê "
            "bao.",
            "Lễ ký kết là cơ sở để hai bên tiếp tục phát huy thế mạnh, nguồn lực, cùng nhau đưa chuyển đổi "
            "số đi "
            "vào thực chất, hướng tới mục tiêu đến năm {nam_5} tỉnh {tinh} nằm trong nhóm khá của cả nước về "
            "chỉ "
            "số chuyển đổi số.",
        ),
        quotes=(
            "Phát biểu tại lễ ký kết, đồng chí {pct} đề nghị {dn} thực hiện nghiêm túc, hiệu quả các nội "
            "dung đã "
            "ký kết, ưu tiên nguồn lực cho các xã vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số.",
        ),
        captions=(
            "Lãnh đạo Sở TT&TT và {dn} ký kết thỏa thuận hợp tác.",
            "Các đại biểu chứng kiến lễ ký kết.",
        ),
        attachments=("Thỏa thuận hợp tác giai đoạn {nam}-{nam_5}",),
        tags=("hợp tác", "ký kết", "hạ tầng số"),
        numbers={"n1": (300, 2500), "n2": (15, 120)},
    ),
    Event(
        "dien_tap",
        titles=(
            "Diễn tập thực chiến an toàn thông tin mạng tỉnh {tinh} năm {nam}",
            "Hơn {n1} cán bộ kỹ thuật tham gia diễn tập ứng cứu sự cố an toàn thông tin",
            "Tăng cường bảo đảm an toàn thông tin cho các hệ thống thông tin của tỉnh",
        ),
        summaries=(
            "Diễn tập nhằm nâng cao năng lực ứng cứu sự cố, bảo đảm an toàn thông tin mạng cho các hệ thống "
            "thông "
            "tin dùng chung của tỉnh.",
        ),
        leads=(
            "Trong 2 ngày, từ ngày {ngay}, Sở Thông tin và Truyền thông phối hợp với Cục An toàn thông tin "
            "(Bộ "
            "TT&TT) tổ chức diễn tập ứng cứu sự cố an toàn thông tin mạng năm {nam}.",
            "Ngày {ngay}, Đội ứng cứu sự cố an toàn thông tin mạng tỉnh {tinh} tổ chức diễn tập thực chiến "
            "trên "
            "hệ thống thông tin thật của tỉnh với sự tham gia của {n1} cán bộ kỹ thuật.",
        ),
        middles=(
            "Kịch bản diễn tập mô phỏng tình huống tin tặc tấn công vào Cổng dịch vụ công của tỉnh, chiếm "
            "quyền "
            "điều khiển máy chủ, mã hóa dữ liệu và đòi tiền chuộc. Các đội tham gia phải phát hiện, phân "
            "tích, "
            "ngăn chặn cuộc tấn công và khôi phục hoạt động của hệ thống.",
            "Các đội tham gia gồm cán bộ kỹ thuật của Trung tâm Công nghệ thông tin và Truyền thông, Công an "
            "tỉnh, "
            "Bộ Chỉ huy Quân sự tỉnh và {dn}. Mỗi đội được chấm điểm dựa trên thời gian phát hiện và mức độ "
            "khắc "
            "phục sự cố.",
            "Kết quả, {n2} lỗ hổng bảo mật đã được phát hiện và khắc phục kịp thời. Qua diễn tập, các cơ "
            "quan, "
            "đơn vị nhận diện được những điểm yếu trong hệ thống để có phương án tăng cường bảo mật.",
            "Năm {nam_truoc}, Trung tâm giám sát an toàn thông tin của tỉnh đã ghi nhận và ngăn chặn hơn "
            "{n3} "
            "nghìn lượt tấn công, dò quét vào các hệ thống thông tin của tỉnh.",
        ),
        quotes=(
            "Đồng chí {gd}, Giám đốc Sở TT&TT khẳng định: “An toàn thông tin là điều kiện tiên quyết để "
            "chuyển đổi "
            "số thành công. Không có an toàn thông tin thì không thể có chính quyền số”.",
        ),
        captions=("Các đội tham gia diễn tập xử lý tình huống.", "Quang cảnh buổi diễn tập.", None),
        attachments=("Kịch bản diễn tập",),
        tags=("an toàn thông tin", "diễn tập"),
        numbers={"n1": (25, 90), "n2": (3, 25)},
    ),
    Event(
        "lam_viec_huyen",
        titles=(
            "Lãnh đạo Sở TT&TT làm việc với UBND {huyen}",
            "Sở Thông tin và Truyền thông khảo sát hạ tầng viễn thông tại {xa}",
            "Đoàn công tác Sở TT&TT làm việc về chuyển đổi số tại {huyen}",
        ),
        summaries=(
            "Đoàn công tác đã nghe báo cáo tình hình ứng dụng công nghệ thông tin, chuyển đổi số và hoạt "
            "động thông "
            "tin cơ sở của {huyen}.",
        ),
        leads=(
            "Ngày {ngay}, đoàn công tác của Sở Thông tin và Truyền thông do đồng chí {gd}, Giám đốc Sở làm "
            "trưởng "
            "đoàn đã làm việc với UBND {huyen} về công tác thông tin và truyền thông, chuyển đổi số trên địa "
            "bàn.",
            "{Buoi} ngày {ngay}, đồng chí {pgd}, Phó Giám đốc Sở TT&TT cùng các phòng chuyên môn đã khảo sát "
            "thực "
            "tế tại {xa}, {huyen}.",
        ),
        middles=(
            "Báo cáo với đoàn công tác, lãnh đạo UBND {huyen} cho biết: {pct1} cơ quan cấp huyện, cấp xã đã "
            "sử dụng "
            "hệ thống quản lý văn bản và điều hành; {n1} xã có đài truyền thanh ứng dụng công nghệ thông tin "
            "- "
            "viễn thông; tuy nhiên vẫn còn {n2} thôn chưa có sóng điện thoại di động.",
            "Đoàn đã đi khảo sát thực tế tình trạng phủ sóng di động tại một số thôn, bản vùng lõm sóng; "
            "kiểm tra "
            "hoạt động của bộ phận một cửa điện tử và điểm bưu điện văn hóa xã.",
            "Huyện đề nghị Sở quan tâm, tham mưu UBND tỉnh hỗ trợ kinh phí nâng cấp hệ thống truyền thanh cơ "
            "sở, "
            "trang bị thiết bị cho tổ công nghệ số cộng đồng và đề nghị các doanh nghiệp viễn thông sớm đầu "
            "tư trạm "
            "phát sóng tại các thôn chưa có sóng.",
            "Sau khi nghe ý kiến của các đại biểu, Giám đốc Sở ghi nhận những nỗ lực của huyện trong thời "
            "gian qua "
            "và giao các phòng chuyên môn tiếp thu, tổng hợp kiến nghị để tham mưu giải quyết theo thẩm "
            "quyền.",
        ),
        quotes=(
            "Đồng chí {gd} đề nghị huyện tiếp tục đẩy mạnh tuyên truyền để người dân hiểu và tham gia chuyển "
            "đổi "
            "số; phát huy vai trò của tổ công nghệ số cộng đồng ở từng thôn, bản.",
        ),
        captions=(
            "Đoàn công tác làm việc với UBND {huyen}.",
            "Khảo sát thực tế tại bộ phận một cửa xã.",
            None,
        ),
        attachments=(),
        tags=("thông tin cơ sở", "làm việc"),
        numbers={"n1": (5, 25), "n2": (2, 30)},
    ),
    Event(
        "bao_chi",
        titles=(
            "Giao ban công tác báo chí {ky}",
            "Gặp mặt kỷ niệm {n_bao} năm Ngày Báo chí cách mạng Việt Nam",
            "Sở TT&TT gặp mặt các cơ quan báo chí nhân Ngày Báo chí cách mạng Việt Nam",
        ),
        summaries=(
            "Chương trình thu hút đông đảo phóng viên, biên tập viên các cơ quan báo chí trung ương và địa "
            "phương "
            "trên địa bàn tỉnh tham dự.",
        ),
        leads=(
            "{Buoi} ngày {ngay}, Sở Thông tin và Truyền thông phối hợp với Hội Nhà báo tỉnh tổ chức chương "
            "trình "
            "với sự tham dự của lãnh đạo Ban Tuyên giáo Tỉnh ủy, đại diện các cơ quan báo chí và hơn {n1} "
            "phóng "
            "viên, biên tập viên.",
            "Ngày {ngay}, tại Nhà Văn hóa tỉnh, Sở TT&TT tổ chức gặp mặt các cơ quan báo chí trung ương "
            "thường trú "
            "và các cơ quan báo chí địa phương trên địa bàn tỉnh {tinh}.",
        ),
        middles=(
            "Năm qua, các cơ quan báo chí đã bám sát sự lãnh đạo, chỉ đạo của Tỉnh ủy, UBND tỉnh, kịp thời "
            "phản "
            "ánh các sự kiện chính trị, kinh tế - xã hội nổi bật của tỉnh. Báo chí đã đăng tải hơn {n2} tin, "
            "bài "
            "về tỉnh {tinh}.",
            "Công tác cung cấp thông tin cho báo chí được thực hiện nghiêm túc. Các sở, ngành, địa phương đã "
            "tổ "
            "chức {n6} cuộc họp báo, cung cấp thông tin định kỳ và đột xuất theo quy định.",
            "Bên cạnh đó, vẫn còn một số tin, bài phản ánh chưa đầy đủ, thiếu khách quan; việc phát ngôn, "
            "cung cấp "
            "thông tin cho báo chí của một số cơ quan, đơn vị còn chậm.",
            "Các đại biểu đã trao đổi về những khó khăn trong hoạt động tác nghiệp, đề xuất giải pháp nâng "
            "cao chất "
            "lượng thông tin, nhất là thông tin về chuyển đổi số và cải cách hành chính.",
        ),
        quotes=(
            "Phát biểu tại chương trình, đồng chí {gd} đề nghị các cơ quan báo chí tiếp tục nâng cao chất "
            "lượng "
            "thông tin, tăng cường tuyên truyền về chuyển đổi số và chủ động đấu tranh phản bác các thông "
            "tin sai "
            "trái, thù địch trên không gian mạng.",
        ),
        captions=("Quang cảnh buổi gặp mặt.", "Đồng chí {gd}, Giám đốc Sở TT&TT phát biểu.", None),
        attachments=("Báo cáo công tác báo chí {ky}",),
        tags=("báo chí",),
        numbers={"n1": (45, 160), "n2": (900, 6000), "n6": (8, 40)},
        title_months={
            "Gặp mặt kỷ niệm {n_bao} năm Ngày Báo chí cách mạng Việt Nam": (6,),
            "Sở TT&TT gặp mặt các cơ quan báo chí nhân Ngày Báo chí cách mạng Việt Nam": (6,),
        },
    ),
    Event(
        "bao_xuan",
        titles=(
            "Khai mạc Hội Báo Xuân {nam} tỉnh {tinh}",
            "Hội Báo Xuân {nam}: hơn {n3} ấn phẩm đến với bạn đọc",
            "Bế mạc Hội Báo Xuân {nam} tỉnh {tinh}",
        ),
        summaries=(
            "Hội Báo Xuân là hoạt động văn hóa thường niên, phục vụ nhu cầu thưởng thức báo chí của cán bộ "
            "và "
            "nhân dân trong dịp Tết Nguyên đán.",
        ),
        leads=(
            "{Buoi} ngày {ngay}, tại Thư viện tỉnh, Sở Thông tin và Truyền thông phối hợp với Hội Nhà báo "
            "tỉnh khai "
            "mạc Hội Báo Xuân {nam}. Dự lễ khai mạc có đồng chí {pct}, Phó Chủ tịch UBND tỉnh.",
            "Ngày {ngay}, Hội Báo Xuân {nam} tỉnh {tinh} đã chính thức mở cửa đón bạn đọc tại Quảng trường "
            "trung tâm "
            "thành phố.",
        ),
        middles=(
            "Hội Báo Xuân năm nay trưng bày hơn {n3} ấn phẩm báo Xuân của các cơ quan báo chí trung ương, "
            "địa "
            "phương, các tạp chí và bản tin; trong đó có nhiều ấn phẩm được đầu tư công phu cả về nội dung "
            "và hình "
            "thức.",
            "Các ấn phẩm tập trung phản ánh những thành tựu nổi bật của đất nước và của tỉnh trong năm qua, "
            "giới "
            "thiệu vẻ đẹp quê hương, con người và phong tục đón Tết của các dân tộc.",
            "Ban tổ chức đã lựa chọn {n5} ấn phẩm tiêu biểu để trao giải A, B, C và khuyến khích, căn cứ vào "
            "chất "
            "lượng nội dung, hình thức trình bày và dấu ấn địa phương.",
            "Hội Báo Xuân mở cửa phục vụ bạn đọc đến hết ngày {n7} tháng Giêng; dự kiến đón khoảng {n4} "
            "nghìn lượt "
            "người đến tham quan, đọc báo.",
        ),
        quotes=(
            "Phát biểu khai mạc, đồng chí {pct} đánh giá cao sự đóng góp của đội ngũ những người làm báo, đề "
            "nghị "
            "các cơ quan báo chí tiếp tục đồng hành cùng tỉnh trong năm mới.",
        ),
        captions=("Các đại biểu tham quan các ấn phẩm báo Xuân.", "Cắt băng khai mạc Hội Báo Xuân.", None),
        attachments=(),
        tags=("báo chí", "báo Xuân"),
        numbers={"n3": (120, 260), "n5": (8, 20), "n4": (3, 12), "n7": (10, 15)},
        months=(1, 2),
    ),
    Event(
        "giai_bao_chi",
        titles=(
            "Tổng kết, trao Giải báo chí tỉnh {tinh} lần thứ {lan}",
            "Phát động Giải báo chí về chuyển đổi số tỉnh {tinh} năm {nam}",
        ),
        summaries=("Giải báo chí nhằm tôn vinh những tác phẩm có chất lượng, có sức lan tỏa trong xã hội.",),
        leads=(
            "Tối ngày {ngay}, Sở Thông tin và Truyền thông phối hợp với Hội Nhà báo tỉnh tổ chức lễ tổng "
            "kết, trao "
            "Giải báo chí tỉnh {tinh} lần thứ {lan}.",
            "Ngày {ngay}, Sở TT&TT ban hành thể lệ và phát động giải báo chí viết về chuyển đổi số trên địa "
            "bàn "
            "tỉnh {tinh}.",
        ),
        middles=(
            "Ban tổ chức đã nhận được {n4} tác phẩm dự giải, thuộc các thể loại báo in, báo điện tử, phát "
            "thanh, "
            "truyền hình và ảnh báo chí. Hội đồng chấm giải đã chọn {n5} tác phẩm xuất sắc để trao giải.",
            "Nhiều tác phẩm đã phản ánh sinh động những mô hình hay, cách làm sáng tạo trong xây dựng chính "
            "quyền "
            "số, kinh tế số và xã hội số ở cơ sở.",
            "Tác phẩm dự giải phải được đăng, phát trên các cơ quan báo chí trong khoảng thời gian từ ngày "
            "01/01 "
            "đến ngày 30/11/{nam}; mỗi tác giả gửi không quá 03 tác phẩm.",
            "Cơ cấu giải thưởng gồm: 01 giải A, 02 giải B, 03 giải C và {n6} giải khuyến khích cho mỗi thể "
            "loại.",
        ),
        quotes=(),
        captions=("Ban tổ chức trao giải cho các tác giả đoạt giải.", None),
        attachments=("Thể lệ Giải báo chí tỉnh {tinh}", "Danh sách tác phẩm đoạt giải"),
        tags=("báo chí", "giải báo chí"),
        numbers={"n4": (60, 220), "n5": (12, 30), "n6": (3, 6)},
    ),
    Event(
        "cong_doan",
        titles=(
            "Công đoàn Sở TT&TT tổ chức hoạt động chào mừng ngày {le}",
            "Cán bộ, công chức Sở TT&TT tham gia hiến máu tình nguyện năm {nam}",
            "Chi đoàn Sở Thông tin và Truyền thông ra quân hưởng ứng Tháng Thanh niên năm {nam}",
        ),
        summaries=(
            "Hoạt động góp phần tạo không khí vui tươi, đoàn kết, gắn bó giữa cán bộ, công chức, viên chức "
            "và người "
            "lao động trong cơ quan.",
        ),
        leads=(
            "Ngày {ngay}, Công đoàn cơ sở Sở Thông tin và Truyền thông phối hợp với Chi đoàn Sở tổ chức "
            "chương "
            "trình với sự tham gia của {n1} đoàn viên trong toàn cơ quan.",
        ),
        middles=(
            "Chương trình gồm nhiều hoạt động ý nghĩa như: thi đấu thể thao, văn nghệ, tọa đàm về vai trò "
            "của cán "
            "bộ nữ trong chuyển đổi số và thăm hỏi, tặng quà {n2} gia đình đoàn viên có hoàn cảnh khó khăn.",
            "Đã có {dk_hm} cán bộ, đoàn viên đăng ký hiến máu, trong đó {du_dk} người đủ điều kiện hiến máu "
            "với tổng "
            "số {du_dk} đơn vị máu. Nhiều đồng chí đã tham gia hiến máu từ 3 lần trở lên.",
            "Đoàn viên thanh niên đã hướng dẫn người dân cài đặt, sử dụng các ứng dụng dịch vụ công trực "
            "tuyến và "
            "trao tặng {n2} điện thoại thông minh cho học sinh có hoàn cảnh khó khăn.",
        ),
        quotes=(),
        captions=("Các đoàn viên tham gia hoạt động.", "Quang cảnh chương trình.", None),
        attachments=(),
        tags=("công đoàn", "đoàn thanh niên"),
        numbers={"n1": (30, 90), "n2": (5, 20)},
    ),
    Event(
        "chi_bo",
        titles=("Đại hội {chi_bo} nhiệm kỳ {nam}-{nam_2}",),
        summaries=("Đại hội đã thảo luận, thông qua báo cáo chính trị và bầu cấp ủy nhiệm kỳ mới.",),
        leads=(
            "{Buoi} ngày {ngay}, {chi_bo} thuộc Đảng bộ Sở TT&TT đã tổ chức đại hội. Dự đại hội có đồng chí "
            "{gd}, "
            "Bí thư Đảng ủy, Giám đốc Sở.",
        ),
        middles=(
            "Nhiệm kỳ qua, chi bộ luôn hoàn thành tốt nhiệm vụ chính trị được giao; {pct1} đảng viên hoàn "
            "thành "
            "tốt nhiệm vụ trở lên; kết nạp {n3} đảng viên mới.",
            "Chi bộ đã lãnh đạo cơ quan hoàn thành các chỉ tiêu chuyên môn, nhất là trong công tác tham mưu "
            "triển "
            "khai chuyển đổi số và bảo đảm an toàn thông tin của tỉnh.",
            "Đại hội đã bầu Chi ủy nhiệm kỳ mới gồm 03 đồng chí và bầu đoàn đại biểu dự Đại hội Đảng bộ Sở.",
        ),
        quotes=(
            "Phát biểu chỉ đạo, đồng chí {gd} đề nghị chi bộ tiếp tục nâng cao năng lực lãnh đạo, sức chiến "
            "đấu, "
            "phát huy tinh thần đoàn kết, thống nhất trong toàn chi bộ.",
        ),
        captions=("Quang cảnh đại hội.", "Chi ủy nhiệm kỳ mới ra mắt đại hội.", None),
        attachments=(),
        tags=("công tác đảng",),
        numbers={"n3": (1, 4)},
    ),
    Event(
        "bo_tttt",
        titles=(
            "Đoàn công tác Bộ Thông tin và Truyền thông làm việc tại tỉnh {tinh}",
            "Thứ trưởng Bộ TT&TT kiểm tra công tác chuyển đổi số tại {tinh}",
            "Bộ TT&TT khảo sát tình hình phát triển hạ tầng viễn thông tại {huyen}",
        ),
        summaries=(
            "Đoàn công tác đánh giá cao những kết quả tỉnh {tinh} đã đạt được trong lĩnh vực thông tin và "
            "truyền "
            "thông thời gian qua.",
        ),
        leads=(
            "Ngày {ngay}, đoàn công tác của Bộ Thông tin và Truyền thông đã có buổi làm việc với UBND tỉnh "
            "{tinh} "
            "về tình hình triển khai các nhiệm vụ thông tin và truyền thông, chuyển đổi số. Tiếp và làm việc "
            "với "
            "đoàn có đồng chí {pct}, Phó Chủ tịch UBND tỉnh.",
        ),
        middles=(
            "Báo cáo với đoàn công tác, đồng chí {gd}, Giám đốc Sở TT&TT cho biết: tỉnh đã hoàn thành kết "
            "nối "
            "Trục liên thông văn bản quốc gia; {pct1} thủ tục hành chính được cung cấp trực tuyến; hạ tầng "
            "viễn "
            "thông phủ sóng {pct2} khu dân cư.",
            "Tỉnh kiến nghị Bộ quan tâm hỗ trợ kinh phí từ Quỹ Dịch vụ viễn thông công ích để phủ sóng cho "
            "{n1} "
            "thôn, bản vùng lõm sóng và hỗ trợ đào tạo nhân lực an toàn thông tin cho tỉnh.",
            "Đoàn công tác đã đi kiểm tra thực tế tại Trung tâm giám sát, điều hành thông minh của tỉnh và "
            "bộ phận "
            "một cửa của {huyen}.",
        ),
        quotes=(
            "Trưởng đoàn công tác ghi nhận, đánh giá cao kết quả tỉnh đã đạt được; đề nghị tỉnh tiếp tục tập "
            "trung "
            "phát triển hạ tầng số, nền tảng số và dữ liệu số, trong đó chú trọng làm sạch dữ liệu để phục "
            "vụ người "
            "dân, doanh nghiệp.",
        ),
        captions=("Quang cảnh buổi làm việc.", "Đoàn công tác kiểm tra thực tế tại Trung tâm IOC.", None),
        attachments=(),
        tags=("Bộ TT&TT", "làm việc"),
        numbers={"n1": (10, 90)},
    ),
    Event(
        "truyen_thanh",
        titles=(
            "Nghiệm thu hệ thống đài truyền thanh thông minh tại {huyen}",
            "Nâng cao hiệu quả hoạt động thông tin cơ sở trên địa bàn {huyen}",
            "Bồi dưỡng nghiệp vụ cho cán bộ đài truyền thanh cấp xã năm {nam}",
        ),
        summaries=(
            "Hệ thống thông tin cơ sở tiếp tục phát huy vai trò là kênh thông tin thiết yếu, đưa chủ trương, "
            "chính "
            "sách đến gần hơn với người dân.",
        ),
        leads=(
            "{Buoi} ngày {ngay}, Sở Thông tin và Truyền thông phối hợp với UBND {huyen} tổ chức nghiệm thu, "
            "đưa vào "
            "sử dụng hệ thống đài truyền thanh ứng dụng công nghệ thông tin - viễn thông tại {n1} xã, thị "
            "trấn.",
            "Ngày {ngay}, Sở TT&TT tổ chức hội nghị đánh giá hoạt động thông tin cơ sở tại {huyen}.",
        ),
        middles=(
            "Hệ thống mới cho phép quản lý, vận hành tập trung trên nền tảng số; biên tập, lên lịch phát và "
            "theo "
            "dõi tình trạng hoạt động của từng cụm loa qua điện thoại thông minh. Mỗi xã được lắp đặt từ "
            "{n2} đến "
            "{n3} cụm loa không dây.",
            "Trên địa bàn tỉnh hiện có {n4} đài truyền thanh cấp xã, trong đó {pct1} đã chuyển sang ứng dụng "
            "công "
            "nghệ thông tin - viễn thông. Các đài đã phát hơn {n5} giờ tin, bài tuyên truyền về các nhiệm vụ "
            "chính "
            "trị của địa phương.",
            "Tuy nhiên, đội ngũ cán bộ làm công tác thông tin cơ sở phần lớn kiêm nhiệm, chưa được đào tạo "
            "bài bản "
            "về nghiệp vụ; một số cụm loa đã xuống cấp, hoạt động không ổn định.",
        ),
        quotes=(
            "Đồng chí {pgd}, Phó Giám đốc Sở TT&TT đề nghị các xã quản lý, khai thác hiệu quả hệ thống, bảo "
            "đảm nội "
            "dung phát thanh ngắn gọn, dễ hiểu, phù hợp với phong tục, tập quán của đồng bào.",
        ),
        captions=(
            "Cụm loa truyền thanh thông minh lắp đặt tại thôn.",
            "Cán bộ kỹ thuật hướng dẫn vận hành.",
            None,
        ),
        attachments=("Hướng dẫn vận hành hệ thống truyền thanh",),
        tags=("thông tin cơ sở", "truyền thanh"),
        numbers={"n2": (3, 6), "n3": (8, 20), "n4": (80, 180)},
    ),
    Event(
        "dich_vu_cong",
        titles=(
            "Đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình năm {nam}",
            "Hội nghị đánh giá hiệu quả Hệ thống thông tin giải quyết thủ tục hành chính tỉnh {tinh}",
            "Hướng dẫn người dân {xa} nộp hồ sơ trực tuyến",
        ),
        summaries=(
            "Tỷ lệ hồ sơ trực tuyến trên địa bàn tỉnh tăng mạnh so với cùng kỳ, góp phần cải cách hành "
            "chính, giảm "
            "thời gian, chi phí cho người dân và doanh nghiệp.",
        ),
        leads=(
            "Ngày {ngay}, Sở Thông tin và Truyền thông tổ chức hội nghị đánh giá tình hình cung cấp, sử dụng "
            "dịch "
            "vụ công trực tuyến trên địa bàn tỉnh {tinh}. Đồng chí {pgd}, Phó Giám đốc Sở chủ trì hội nghị.",
            "{Buoi} ngày {ngay}, tại bộ phận một cửa của UBND {xa}, tổ công nghệ số cộng đồng phối hợp với "
            "đoàn "
            "viên thanh niên Sở TT&TT hướng dẫn người dân nộp hồ sơ thủ tục hành chính trực tuyến.",
        ),
        middles=(
            "Hiện nay, tỉnh đang cung cấp {n1} dịch vụ công trực tuyến toàn trình và {n2} dịch vụ công trực "
            "tuyến "
            "một phần. Từ đầu năm đến nay, hệ thống đã tiếp nhận {n3} hồ sơ trực tuyến, chiếm {pct1} tổng số "
            "hồ sơ.",
            "Người dân chỉ cần có điện thoại thông minh kết nối Internet và tài khoản định danh điện tử là "
            "có thể "
            "nộp hồ sơ, thanh toán lệ phí và nhận kết quả tại nhà mà không phải đến trụ sở cơ quan nhà nước.",
            "Một số thủ tục có số lượng hồ sơ trực tuyến lớn như: đăng ký khai sinh, đăng ký thường trú, cấp "
            "phiếu "
            "lý lịch tư pháp, cấp đổi giấy phép lái xe.",
            "Tuy nhiên, tỷ lệ hồ sơ trực tuyến ở cấp xã còn thấp, chỉ đạt {pct2}; nhiều người dân, nhất là "
            "người "
            "cao tuổi, vẫn có thói quen nộp hồ sơ trực tiếp.",
        ),
        quotes=(
            "Đồng chí {pgd} đề nghị các cơ quan, đơn vị rà soát, tái cấu trúc quy trình, đơn giản hóa thành "
            "phần "
            "hồ sơ để người dân dễ dàng thực hiện dịch vụ công trực tuyến.",
        ),
        captions=("Hướng dẫn người dân nộp hồ sơ trực tuyến.", "Quang cảnh hội nghị.", None),
        attachments=("Danh mục dịch vụ công trực tuyến toàn trình",),
        tags=("dịch vụ công", "cải cách hành chính"),
        numbers={"n1": (300, 1200), "n2": (150, 700), "n3": (5000, 90000)},
    ),
)

TOPICS = (
    "bảo đảm an toàn thông tin mạng",
    "sử dụng chữ ký số chuyên dùng",
    "khai thác hệ thống quản lý văn bản và điều hành",
    "kỹ năng số cho tổ công nghệ số cộng đồng",
    "nghiệp vụ thông tin cơ sở",
    "kỹ năng phát ngôn và cung cấp thông tin cho báo chí",
    "vận hành Cổng dịch vụ công trực tuyến",
    "quản trị cổng, trang thông tin điện tử",
)
FIELDS = (
    "bưu chính",
    "kinh doanh dịch vụ trò chơi điện tử công cộng",
    "quản lý thuê bao di động trả trước",
    "in, xuất bản và phát hành xuất bản phẩm",
    "cung cấp dịch vụ viễn thông",
)
HOLIDAYS = ("Quốc tế Phụ nữ 8/3", "Phụ nữ Việt Nam 20/10", "thành lập Đoàn TNCS Hồ Chí Minh 26/3")
CELLS = ("Chi bộ Văn phòng Sở", "Chi bộ Trung tâm Công nghệ thông tin và Truyền thông", "Chi bộ Thanh tra Sở")
COMMUNE_WORDS = (
    "Hưng Đạo",
    "Quang Trung",
    "Tân Lập",
    "Phúc Sen",
    "Bình Long",
    "Minh Khai",
    "Đức Thành",
    "Hoà Bình",
)
TASKS = (
    "- Đẩy nhanh tiến độ triển khai các dự án công nghệ thông tin đã được phê duyệt;",
    "- Tăng cường công tác thanh tra, kiểm tra trong lĩnh vực bưu chính, viễn thông, báo chí, xuất bản;",
    "- Nâng cao chất lượng thông tin trên Cổng thông tin điện tử tỉnh và hệ thống thông tin cơ sở;",
    "- Bảo đảm an toàn, an ninh thông tin cho các hệ thống thông tin dùng chung của tỉnh;",
    "- Hướng dẫn các địa phương kiện toàn, nâng cao hiệu quả hoạt động của tổ công nghệ số cộng đồng;",
    "- Đẩy mạnh tuyên truyền, nâng cao nhận thức của người dân về chuyển đổi số;",
    "- Phối hợp với các doanh nghiệp viễn thông xóa vùng lõm sóng tại các thôn, bản vùng sâu, vùng xa;",
)
TASK_INTROS = (
    "Trong thời gian tới, Sở tập trung thực hiện một số nhiệm vụ trọng tâm sau:",
    "Để hoàn thành các mục tiêu đề ra, các đại biểu thống nhất một số giải pháp:",
)
CLOSINGS = (
    "Hội nghị kết thúc trong không khí phấn khởi, với nhiều ý kiến đóng góp thiết thực.",
    "Dịp này, Sở TT&TT đã tặng giấy khen cho {n8} tập thể, cá nhân có thành tích xuất sắc.",
    "Đây là hoạt động thiết thực nhằm thực hiện thắng lợi các nhiệm vụ chính trị năm {nam} của ngành.",
)


def slugify(text: str, limit: int = 80) -> str:
    """ASCII slug the way Vietnamese CMSs make them: no tone marks, đ→d, words joined by hyphens."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", text)
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > limit:
            break
        out = f"{out}-{w}" if out else w
    return out


def vn_number(n: int) -> str:
    """1234567 -> '1.234.567' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def vn_percent(rng: random.Random) -> str:
    return f"{rng.randint(40, 99)},{rng.randint(1, 9)}%"


class _Ctx(dict):
    """Template context; a missing key is a bug in the templates, so it must fail loudly."""

    def __missing__(self, key: str) -> str:
        raise KeyError(f"template slot {key!r} has no value")


class StoryFactory:
    """Makes the stories of one site from its province and a seeded random generator."""

    def __init__(self, province: Province, rng: random.Random) -> None:
        self.p = province
        self.rng = rng
        self.bylines = _fix_pool(byline_pool(rng))
        self._titles: set[str] = set()
        self._shingles: list[set[tuple[str, ...]]] = []

    def _ctx(self, when: datetime) -> _Ctx:
        rng, p = self.rng, self.p
        event_day = when - timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
        # A review meeting early in a month reviews the month (or quarter) before.
        ref = event_day if event_day.day >= 20 else event_day - timedelta(days=event_day.day + 1)
        quarter = (ref.month - 1) // 3 + 1
        ky = rng.choice(
            (f"tháng {ref.month}/{ref.year}", f"quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{ref.year}")
        )
        nxt = ref.month % 12 + 1
        ctx = _Ctx(
            tinh=p.name,
            gd=p.director,
            pgd=rng.choice(p.deputies),
            pct=p.vice_chair,
            huyen=rng.choice(p.districts),
            xa="xã " + rng.choice(COMMUNE_WORDS),
            dn=rng.choice(p.enterprises),
            Buoi=rng.choice(("Sáng", "Chiều")),
            ngay=f"{event_day.day}/{event_day.month}/{event_day.year}",
            ky=ky,
            ky_sau=f"tháng {nxt}/{ref.year + (1 if nxt == 1 else 0)}",
            nam=str(event_day.year),
            nam_truoc=str(event_day.year - 1),
            nam_2=str(event_day.year + 2),
            nam_5=str(event_day.year + 5),
            chu_de=rng.choice(TOPICS),
            linh_vuc=rng.choice(FIELDS),
            le=rng.choice(HOLIDAYS),
            chi_bo=rng.choice(CELLS),
            so_ngay=str(rng.randint(2, 5)),
            so_kh=f"{rng.randint(12, 380)}/KH-STTTT",
            n_bao=str(event_day.year - 1925),
            lan=rng.choice(("V", "VI", "VII", "VIII", "IX")),
            tien=vn_number(rng.randint(12, 950)),
            pct1=vn_percent(rng),
            pct2=vn_percent(rng),
            pct3=vn_percent(rng),
        )
        for i, hi in enumerate((60, 40, 90, 400, 250, 150, 900, 30), start=1):
            ctx[f"n{i}"] = vn_number(rng.randint(3, hi) if i != 7 else rng.randint(120, 4800))
        # Figures that must agree with each other inside one story.
        hv, co_so, tram, dk_hm = (
            rng.randint(35, 180),
            rng.randint(8, 45),
            rng.randint(600, 1800),
            rng.randint(25, 80),
        )
        ctx.update(
            hv=str(hv),
            hv_dat=str(hv - rng.randint(0, 5)),
            co_so=str(co_so),
            vi_pham=str(rng.randint(1, co_so // 3)),
            tram=vn_number(tram),
            tram4g=vn_number(int(tram * rng.uniform(0.6, 0.95))),
            dk_hm=str(dk_hm),
            du_dk=str(dk_hm - rng.randint(2, 10)),
        )
        return ctx

    def make(self, uid: int, published: datetime, category: str, *, date_on_page: bool = True) -> Story:
        """A story unlike the ones made before (a dedupe stage must not take it for a near-duplicate)."""
        for _ in range(200):
            story = self._make(uid, published, category, date_on_page)
            sh = shingles(" ".join(story.paragraphs))
            if all(jaccard(sh, other) < MAX_SIMILARITY for other in self._shingles):
                break
        self._shingles.append(sh)
        self._titles.add(story.title)
        return story

    def _make(self, uid: int, published: datetime, category: str, date_on_page: bool) -> Story:
        rng = self.rng
        month = published.month
        for _ in range(50):
            ev = rng.choice(EVENTS)
            titles = [t for t in ev.titles if month in ev.title_months.get(t, (month,))]
            if (ev.months and month not in ev.months) or not titles:
                continue
            ctx = self._ctx(published)
            ctx.update({k: vn_number(rng.randint(lo, hi)) for k, (lo, hi) in ev.numbers.items()})
            title = rng.choice(titles).format_map(ctx)
            if title not in self._titles:
                break
        blocks: list[Block] = []

        def para(template: str) -> None:
            blocks.append(Block("p", template.format_map(ctx)))

        para(rng.choice(ev.leads))
        picked = rng.sample(range(len(ev.middles)), k=min(len(ev.middles), rng.randint(2, 4)))
        for i in sorted(picked):  # keep the template's reading order
            para(ev.middles[i])
        if ev.quotes and rng.random() < 0.7:
            para(rng.choice(ev.quotes))

        # Images go after the lead or between the next paragraphs; some without a caption.
        n_img = rng.choice((0, 1, 1, 1, 2, 2, 3))
        caps = [c.format_map(ctx) if c else None for c in ev.captions]
        core = len(blocks)
        for k in range(n_img):
            pos = rng.randint(1, max(1, core - 1))
            cap = rng.choice(caps) if rng.random() < 0.85 else None
            img = Image(f"{slugify(title, 30)}-{uid}-{k + 1}", cap)
            blocks.insert(_index_of_paragraph(blocks, pos), Block("img", image=img))

        if rng.random() < 0.3:
            para(rng.choice(TASK_INTROS))
            for t in rng.sample(TASKS, k=rng.randint(3, 5)):
                para(t)
        if rng.random() < 0.35:
            para(rng.choice(CLOSINGS))
        # Attachments: a paragraph near the end ("Tải về: <name>").
        if ev.attachments and rng.random() < 0.3:
            for k, name_t in enumerate(
                rng.sample(ev.attachments, k=rng.randint(1, min(2, len(ev.attachments))))
            ):
                name = name_t.format_map(ctx)
                ext = rng.choice(("pdf", "pdf", "doc", "docx"))
                lead = rng.choice(("Tải về:", "Xem chi tiết:", "Văn bản kèm theo:", "File đính kèm:"))
                blocks.append(
                    Block("att", attachment=Attachment(f"{slugify(name, 40)}-{uid}{k}", ext, name, lead))
                )

        summary = rng.choice(ev.summaries).format_map(ctx) if rng.random() < 0.85 else None
        byline, author = rng.choice(self.bylines) if rng.random() < 0.8 else (None, None)
        return Story(
            uid=uid,
            category=category,
            title=title,
            slug=slugify(title),
            published=published,
            date_on_page=date_on_page,
            summary=summary,
            blocks=blocks,
            byline=byline,
            author=author,
            views=rng.randint(35, 4800),
            tags=list(ev.tags),
        )


MAX_SIMILARITY = 0.4  # word 3-gram Jaccard between any two stories of a site


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _index_of_paragraph(blocks: list[Block], n: int) -> int:
    """Index just after the n-th paragraph (1-based) in blocks."""
    seen = 0
    for i, b in enumerate(blocks):
        if b.kind == "p":
            seen += 1
            if seen == n:
                return i + 1
    return len(blocks)


def publication_dates(
    rng: random.Random, newest: datetime, count: int, *, min_gap_h: int = 20, max_gap_h: int = 140
) -> list[datetime]:
    """Newest-first publication times during office hours, a day or a few apart."""
    out: list[datetime] = []
    t = newest
    for _ in range(count):
        t = t.replace(hour=rng.randint(7, 17), minute=rng.randint(0, 59), second=rng.randint(0, 59))
        out.append(t)
        t -= timedelta(hours=rng.randint(min_gap_h, max_gap_h))
        while t.weekday() == 6:  # few posts on Sundays
            t -= timedelta(days=1)
    return out
